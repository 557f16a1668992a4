/**
 * The mock IdP's public surface (docs/contracts.md). Every export is listed by name.
 */
export { createMockIdp } from './src/create-mock-idp.ts';
export type { MockIdp, MockIdpCa, MockIdpOptions, MockIdpStats } from './src/create-mock-idp.ts';
export type { MockIdpLimits } from './src/limits/limits.ts';
export type { OrgInfo } from './src/org.ts';
export { OrgControlClient, ControlApiError } from './src/control-client.ts';
export type { OrgControlClientOptions } from './src/control-client.ts';
export type {
  CreateUserInput,
  UpdateUserInput,
  UserLifecycleAction,
  CreateSamlAppInput,
  UpdateSamlAppInput,
  SamlSetup,
  CreateOidcAppInput,
  UpdateOidcAppInput,
  OidcAppClientSettings,
  OidcAppCredentials,
  OidcSetup,
  FaultView,
  UserQuery,
  InspectorQuery,
  InspectorPage,
} from './src/control-client.ts';
export { FAULT_POINTS, FAULT_MODES } from './src/faults/model.ts';
export type { FaultSpec, FaultPoint, FaultMode, SentWithFaults, SentMutation, SentMessageKind } from './src/faults/model.ts';
export type { CanaryHit } from './src/faults/canary.ts';
export type { OktaUser, OktaGroup, OktaApp, OktaSamlApp, OktaOidcApp, OktaAppUser, OktaAppGroup, OktaKey } from './src/api/okta-json.ts';
export { INSPECTED_KINDS } from './src/inspector/message-log.ts';
export type { InspectedMessage, InspectedKind, AppliedFault, MessageTextKind } from './src/inspector/message-log.ts';
export { formatInspectorTrace } from './src/inspector/format-trace.ts';
export { IdpError, LimitReachedError, OktaApiError } from './src/errors.ts';
export type { IdpErrorCode, OktaErrorCode, OktaErrorBody } from './src/errors.ts';
export { loadTenantFile, checkTenant } from './src/tenant/tenant-document.ts';
export type { TenantDocument, TenantUser, TenantGroup, TenantApp, TenantSamlApp, TenantOidcApp, TenantFault, CheckedTenant } from './src/tenant/tenant-document.ts';
export { NAME_ID_FORMATS } from './src/tenant/model.ts';
export type {
  SamlSignOn,
  SamlAttributeStatement,
  SamlSingleLogout,
  SamlSloParticipation,
  SamlAssertionEncryption,
  AcsEndpoint,
  NameIdFormat,
  UserNameTemplate,
  UserStatus,
  AppVisibility,
  SignOnMode,
  OidcLoginMode,
  OidcGrantType,
  OidcResponseType,
  TokenEndpointAuthMethod,
  OidcApplicationType,
} from './src/tenant/model.ts';
export type { TenantTrustedOrigin } from './src/tenant/tenant-document.ts';
