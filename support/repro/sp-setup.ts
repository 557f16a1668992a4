/**
 * The SP side of the repro, through the SP's driver only (the harness's SpDriver): an SSO
 * organization set up with the mock app's values, the way that SP's admin would. Drivers that let
 * the vendor set one up (capability jit-first-owner) do it in one call; others get an admin account
 * first, then JIT when the SP has it, or an invitation for the person otherwise.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { driverMethod, SpConfigurationRefusedError, type OidcIdpSettings, type SamlIdpSettings, type SpDriver, type SpOidcValues, type SpSamlValues } from '../../steps/drivers/sp-driver.ts';
import { ReproError } from './errors.ts';

export type SpValues = { protocol: 'saml'; values: SpSamlValues } | { protocol: 'oidc'; values: SpOidcValues };

export interface SpOrganizationSetUp {
  name: string;
  portalKey: string;
  sp: SpValues;
  /** How it was set up, for the report. */
  how: string;
}

export interface SpSetupInput {
  driver: SpDriver;
  browser: Browser;
  idp: { protocol: 'saml'; settings: SamlIdpSettings } | { protocol: 'oidc'; settings: OidcIdpSettings };
  /** The person who will sign in: invited when the SP has no JIT. */
  email: string;
  /** From the dashboard: the SP must accept sign-ins the IdP starts. */
  fromDashboard: boolean;
}

function refused(error: unknown): never {
  if (error instanceof SpConfigurationRefusedError) throw new ReproError('REPRO_SP_REFUSED_SETUP', `the SP refused the SSO settings with ${error.spErrorCode}`);
  throw new ReproError('REPRO_SP_UNAVAILABLE', `setting the SP up failed: ${error instanceof Error ? error.message : String(error)}`);
}

export async function setUpSp({ driver, browser, idp, email, fromDashboard }: SpSetupInput): Promise<SpOrganizationSetUp> {
  const suffix = randomBytes(3).toString('hex');
  const name = `Repro ${suffix}`;
  const portalKey = `repro-${suffix}`;
  const base = { portalKey, provisioning: 'jit' as const };
  try {
    if (driver.capabilities.has('jit-first-owner')) {
      const made =
        idp.protocol === 'saml'
          ? await driverMethod(driver, 'createSsoOrganization')({ name, protocol: 'saml', idp: idp.settings, options: { ...base, allowIdpInitiated: fromDashboard } })
          : await driverMethod(driver, 'createSsoOrganization')({ name, protocol: 'oidc', idp: idp.settings, options: { ...base, acceptOktaSimplified: fromDashboard } });
      const sp: SpValues = made.protocol === 'saml' ? { protocol: 'saml', values: made.values } : { protocol: 'oidc', values: made.values };
      return { name, portalKey, sp, how: 'set up by the vendor (the operator API), JIT: the first person in becomes its owner' };
    }
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const organization = await driverMethod(driver, 'createOrganization')(page, { name, adminEmail: `admin-${suffix}@repro.test`, adminPassword: `Repro-admin-${suffix}-1` });
      const jit = driver.capabilities.has('jit');
      const options = { portalKey, provisioning: jit ? ('jit' as const) : ('invite-only' as const) };
      const sp: SpValues =
        idp.protocol === 'saml'
          ? { protocol: 'saml', values: await driverMethod(driver, 'configureSaml')(page, organization, idp.settings, { ...options, allowIdpInitiated: fromDashboard }) }
          : { protocol: 'oidc', values: await driverMethod(driver, 'configureOidc')(page, organization, idp.settings, { ...options, acceptOktaSimplified: fromDashboard }) };
      if (!jit) await driverMethod(driver, 'inviteUser')(page, organization, email);
      return { name, portalKey, sp, how: `made by an admin account, ${jit ? 'JIT' : `invite-only with ${email} invited`}` };
    } finally {
      await context.close();
    }
  } catch (error) {
    if (error instanceof ReproError) throw error;
    return refused(error);
  }
}
