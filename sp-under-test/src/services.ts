// Operations shared by the HTML forms and the JSON API.
import { SpError } from './errors.ts';
import type { Account, Organization, Role } from './model.ts';
import { hashPassword } from './passwords.ts';
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
  });
}

/** Validates, then (OIDC) runs discovery against the issuer; only a fully checked setting is stored. */
export async function saveSsoSettings(ctx: AppContext, org: Organization, input: SsoSettingsInput): Promise<void> {
  const isTaken = (key: string): boolean => {
    const owner = ctx.store.findOrgByPortalKey(key);
    return owner !== undefined && owner.id !== org.id;
  };
  const settings = buildSsoSettings(input, isTaken, org.sso?.connection);
  if (settings.connection.protocol === 'oidc') await ctx.oidc.checkDiscovery(settings.connection);
  // Checked again after the await: another org may have taken the key meanwhile.
  if (isTaken(settings.portalKey)) throw new SpError('SSO_PORTAL_KEY_TAKEN', 409, 'this portal key is already used');
  org.sso = settings;
  ctx.log(`sso settings saved org=${org.id} protocol=${settings.connection.protocol} key=${settings.portalKey}`);
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
  };
}

export function memberJson(a: Account): { email: string; role: string; status: string } {
  return { email: a.email, role: a.role, status: a.status };
}
