/**
 * The package's library surface (`import { … } from 'sso-conformance'`). Every export is named: the
 * mock IdP and its control client, the reference SP, and the SP driver contract an outside driver
 * codes against. The CLI (`sso-conformance run|idp|sp|…`) is the other way in.
 */
export { createMockIdp, OrgControlClient, ControlApiError, IdpError } from './mock-idp/index.ts';
export type { MockIdp, MockIdpOptions, MockIdpLimits, OrgInfo, TenantDocument, FaultSpec, SentWithFaults } from './mock-idp/index.ts';
export { createReferenceSp } from './sp-under-test/index.ts';
export type { ReferenceSp, ReferenceSpOptions } from './sp-under-test/index.ts';
export {
  SP_CAPABILITIES,
  REFUSAL_CODES,
  OUTCOME_KINDS,
  ROLES,
  SIGN_IN_METHODS,
  MEMBER_STATUSES,
  ENTRY_POINTS,
  DRIVER_METHODS_BY_CAPABILITY,
  SpConfigurationRefusedError,
} from './steps/drivers/sp-driver.ts';
export type {
  SpDriver,
  SpDriverFactory,
  SpDriverOptions,
  SpDriverTimeouts,
  SpDriverMethod,
  SpCapability,
  RefusalCode,
  OutcomeKind,
  Role,
  SignInMethod,
  MemberStatus,
  EntryPointKind,
  SpOrganization,
  SamlIdpSettings,
  SsoOptions,
  SamlSsoOptions,
  OidcIdpSettings,
  OidcSsoOptions,
  SpOidcValues,
  SpSamlValues,
  SpSsoOrganization,
  SsoOrganizationInput,
  SpInvitation,
  SpMember,
  SsoPolicyChanges,
  SettingsOutcome,
  SignInEntryPoint,
  SignInOutcome,
  SessionProbe,
} from './steps/drivers/sp-driver.ts';
/** The browser page a driver method gets (Playwright's). */
export type { Page } from 'playwright-core';
export { FEATURES_DIR as featuresDir } from './steps/support/locations.ts';
