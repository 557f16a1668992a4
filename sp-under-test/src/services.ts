// Operations shared by the HTML forms and the JSON API.
import { SpError } from './errors.ts';
import type { Account, Organization, Role, SsoConnection, SsoSettings } from './model.ts';
import { hashPassword } from './passwords.ts';
import { checkPasswordSignInAllowed } from './policy/account-policy.ts';
import { randomToken } from './store.ts';
import { oidcEndpoints } from './oidc/endpoints.ts';
import { portalUrl, spEndpoints } from './saml/endpoints.ts';
import { buildSsoSettings, type SsoSettingsInput } from './settings.ts';
import type { AppContext } from './web.ts';

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export async function signupOrganization(
  ctx: AppContext,
  input: { organization: string; email: string; password: string },
): Promise<Account> {
  const name = input.organization.trim();
  const email = input.email.trim().toLowerCase();
  if (!name || name.length > 100) throw new SpError('SIGNUP_INVALID', 400, 'enter an organization name (at most 100 characters)');
  if (!EMAIL.test(email)) throw new SpError('SIGNUP_INVALID', 400, 'enter a valid email address');
  if (input.password.length < 8) throw new SpError('SIGNUP_INVALID', 400, 'the password needs at least 8 characters');
  ctx.store.assertRoomFor({ orgs: 1, accounts: 1 });
  // Hash before the uniqueness check, so nothing can take the email between check and create.
  const passwordHash = await hashPassword(input.password);
  if (ctx.store.findAccountByEmail(email)) throw new SpError('SIGNUP_EMAIL_TAKEN', 409, 'an account with this email already exists');
  const org = ctx.store.createOrg(name);
  ctx.log(`signup org=${org.id} owner=${email}`);
  return ctx.store.createAccount({ orgId: org.id, email, role: 'owner', status: 'active', passwordHash });
}

export async function inviteMember(
  ctx: AppContext,
  org: Organization,
  input: { email: unknown; role?: unknown; password?: unknown },
): Promise<Account> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  if (!EMAIL.test(email)) throw new SpError('INVITE_INVALID', 400, 'enter a valid email address');
  const role: Role = input.role === 'admin' ? 'admin' : 'member';
  if (input.role !== undefined && input.role !== '' && input.role !== 'admin' && input.role !== 'member') {
    throw new SpError('INVITE_INVALID', 400, 'role must be member or admin');
  }
  if (input.password !== undefined && (typeof input.password !== 'string' || input.password.length < 8)) {
    throw new SpError('INVITE_INVALID', 400, 'password, when given, needs at least 8 characters');
  }
  // Hash before the uniqueness check, so nothing can take the email between check and create.
  const passwordHash = typeof input.password === 'string' ? await hashPassword(input.password) : null;
  if (ctx.store.findAccountByEmail(email)) throw new SpError('INVITE_EMAIL_TAKEN', 409, 'this email already has an account');
  ctx.log(`invite ${email} org=${org.id}`);
  return ctx.store.createAccount({
    orgId: org.id,
    email,
    role,
    status: 'invited',
    passwordHash,
    // The secret of the invitation link; it stops working once the invitation is accepted.
    invitationToken: randomToken(24),
  });
}

export function invitationUrl(ctx: AppContext, account: Account): string | null {
  return account.invitationToken ? `${ctx.baseUrl()}/invitations/${account.invitationToken}` : null;
}

/** A pending invitation by its link's secret, or INVITATION_INVALID (unknown, accepted, withdrawn). */
export function pendingInvitation(ctx: AppContext, token: string): { account: Account; org: Organization } {
  const account = ctx.store.findAccountByInvitation(token);
  const org = account ? ctx.store.orgs.get(account.orgId) : undefined;
  if (!account || !org || account.status !== 'invited') throw new SpError('INVITATION_INVALID', 404, 'this invitation link is not valid any more; ask your administrator for a new one');
  return { account, org };
}

/**
 * "Set a password" on the invitation page: accepts the invitation with a password, in an
 * organization that does not enforce SSO (SSO_REQUIRED otherwise).
 */
export async function acceptInvitationWithPassword(ctx: AppContext, token: string, password: string): Promise<Account> {
  const { org } = pendingInvitation(ctx, token);
  if (org.sso?.enforcement === 'enforced') throw new SpError('SSO_REQUIRED', 403, 'this organization signs people in with SSO only');
  if (password.length < 8) throw new SpError('INVITE_INVALID', 400, 'the password needs at least 8 characters');
  const passwordHash = await hashPassword(password);
  // Checked again after the await: the invitation may have been accepted (or SSO enforced) meanwhile.
  const { account, org: now } = pendingInvitation(ctx, token);
  checkPasswordSignInAllowed(account, now);
  account.passwordHash = passwordHash;
  account.status = 'active';
  account.invitationToken = null;
  ctx.log(`invitation accepted with a password ${account.email} org=${now.id}`);
  return account;
}

/** Whether another organization than `orgId` uses the portal key or one of the domains. */
function takenBy(ctx: AppContext, orgId: string | null): { portalKey: (key: string) => boolean; domain: (domain: string) => boolean } {
  return {
    portalKey: (key) => {
      const owner = ctx.store.findOrgByPortalKey(key);
      return owner !== undefined && owner.id !== orgId;
    },
    domain: (domain) => {
      const owner = ctx.store.findOrgByDomain(domain);
      return owner !== undefined && owner.id !== orgId;
    },
  };
}

/** Validates, then (OIDC) runs discovery against the issuer. Stores nothing. */
async function prepareSsoSettings(ctx: AppContext, orgId: string | null, input: SsoSettingsInput, previous: SsoConnection | undefined): Promise<SsoSettings> {
  const taken = takenBy(ctx, orgId);
  const settings = buildSsoSettings(input, taken.portalKey, previous, taken.domain);
  if (settings.connection.protocol === 'oidc') await ctx.oidc.checkDiscovery(settings.connection);
  return settings;
}

/**
 * Stores checked settings. Synchronous, and the uniqueness checks run again here because another
 * organization may have taken the portal key or a domain while discovery ran.
 */
function commitSsoSettings(ctx: AppContext, org: Organization, settings: SsoSettings, actingSessionId: string | null): void {
  const taken = takenBy(ctx, org.id);
  if (taken.portalKey(settings.portalKey)) throw new SpError('SSO_PORTAL_KEY_TAKEN', 409, 'this portal key is already used');
  const domain = settings.domains.find(taken.domain);
  if (domain) throw new SpError('SSO_DOMAIN_TAKEN', 409, `${domain} is already claimed by another organization`);
  const newlyEnforced = settings.enforcement === 'enforced' && org.sso?.enforcement !== 'enforced';
  org.sso = settings;
  ctx.log(`sso settings saved org=${org.id} protocol=${settings.connection.protocol} key=${settings.portalKey}`);
  if (newlyEnforced) {
    const ended = ctx.store.endPasswordSessions(org.id, actingSessionId);
    ctx.log(`sso enforced org=${org.id}: ${ended} password session(s) ended`);
  }
}

/**
 * Validates, then (OIDC) runs discovery against the issuer; only a fully checked setting is stored.
 * A save that leaves the organization enforced where it was not before (the first save with
 * enforcement on included) ends every password session of its accounts except `actingSessionId`:
 * SpinOne's "will automatically sign you out".
 */
export async function saveSsoSettings(ctx: AppContext, org: Organization, input: SsoSettingsInput, actingSessionId: string | null = null): Promise<void> {
  const settings = await prepareSsoSettings(ctx, org.id, input, org.sso?.connection);
  commitSsoSettings(ctx, org, settings, actingSessionId);
}

/**
 * The vendor's staff sets up a self-service SSO organization from what the customer's admin handed
 * over (Inigo: Client ID, Client Secret, Okta domain): SSO settings with JIT on and no account. The
 * first person who signs in through SSO becomes its owner.
 */
export async function createSsoOrganization(ctx: AppContext, input: { name: unknown; sso: SsoSettingsInput }): Promise<Organization> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 100) throw new SpError('SSO_SETTINGS_INVALID', 400, 'name: an organization name of at most 100 characters');
  const provisioning = input.sso.provisioning ?? 'jit';
  if (provisioning !== 'jit') throw new SpError('SSO_SETTINGS_INVALID', 400, 'an organization without accounts needs provisioning jit: nobody could be invited');
  const settings = await prepareSsoSettings(ctx, null, { ...input.sso, provisioning }, undefined);
  // From here on synchronous: the uniqueness checks and the organization are one step.
  const taken = takenBy(ctx, null);
  if (taken.portalKey(settings.portalKey)) throw new SpError('SSO_PORTAL_KEY_TAKEN', 409, 'this portal key is already used');
  const domain = settings.domains.find(taken.domain);
  if (domain) throw new SpError('SSO_DOMAIN_TAKEN', 409, `${domain} is already claimed by another organization`);
  const org = ctx.store.createOrg(name);
  commitSsoSettings(ctx, org, settings, null);
  ctx.log(`operator created org=${org.id}`);
  return org;
}

export interface SsoSettingsJson {
  configured: boolean;
  protocol: 'saml' | 'oidc' | null;
  portalKey: string | null;
  idpSsoUrl: string | null;
  idpIssuer: string | null;
  idpCertificatePem: string | null;
  allowIdpInitiated: boolean;
  provisioning: string;
  enforcement: string;
  spEntityId: string;
  spAcsUrl: string;
  spMetadataUrl: string;
  spPortalUrl: string | null;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  /** Whether a client secret is stored; the secret itself is never returned. */
  oidcClientSecretSet: boolean;
  acceptOktaSimplified: boolean;
  oidcRedirectUri: string;
  oidcInitiateLoginUri: string;
  domains: string[];
}

export function ssoSettingsJson(ctx: AppContext, org: Organization): SsoSettingsJson {
  const ep = spEndpoints(ctx.baseUrl(), org.id);
  const sso = org.sso;
  const saml = sso?.connection.protocol === 'saml' ? sso.connection : null;
  const oidc = sso?.connection.protocol === 'oidc' ? sso.connection : null;
  const oidcEp = oidcEndpoints(ctx.baseUrl(), org.id);
  return {
    configured: sso !== null,
    protocol: sso?.connection.protocol ?? null,
    portalKey: sso?.portalKey ?? null,
    idpSsoUrl: saml?.idpSsoUrl ?? null,
    idpIssuer: saml?.idpIssuer ?? null,
    idpCertificatePem: saml?.idpCertificatePem ?? null,
    allowIdpInitiated: saml?.allowIdpInitiated ?? false,
    provisioning: sso?.provisioning ?? 'invite-only',
    enforcement: sso?.enforcement ?? 'mixed',
    spEntityId: ep.entityId,
    spAcsUrl: ep.acsUrl,
    spMetadataUrl: ep.metadataUrl,
    spPortalUrl: sso ? portalUrl(ctx.baseUrl(), sso.portalKey) : null,
    oidcIssuer: oidc?.issuer ?? null,
    oidcClientId: oidc?.clientId ?? null,
    oidcClientSecretSet: oidc !== null,
    acceptOktaSimplified: oidc?.acceptOktaSimplified ?? false,
    oidcRedirectUri: oidcEp.redirectUri,
    oidcInitiateLoginUri: oidcEp.initiateLoginUri,
    domains: sso?.domains ?? [],
  };
}

export function memberJson(ctx: AppContext, a: Account): { email: string; role: string; status: string; invitationUrl?: string } {
  const url = invitationUrl(ctx, a);
  return { email: a.email, role: a.role, status: a.status, ...(url ? { invitationUrl: url } : {}) };
}
