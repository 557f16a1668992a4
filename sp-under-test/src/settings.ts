// SSO settings input (form or JSON API) → validated SsoSettings. Pure: OIDC discovery (network)
// runs afterwards in services.saveSsoSettings.
// SAML: metadata, when given, wins over the three manual IdP fields.
// OIDC: issuer (or Okta domain), client id, client secret; a blank secret keeps the saved one when
// the issuer and client id are unchanged, so the page never has to show the secret again.
import { SpError } from './errors.ts';
import type { Enforcement, OidcConnection, Provisioning, SamlConnection, SsoConnection, SsoSettings } from './model.ts';
import { normalizeIssuer } from './oidc/issuer.ts';
import { normalizeCertificate } from './saml/certificate.ts';
import { parseIdpMetadata } from './saml/idp-metadata.ts';
import { validatePortalKey } from './saml/portal-key.ts';

export interface SsoSettingsInput {
  protocol?: unknown;
  portalKey?: unknown;
  idpSsoUrl?: unknown;
  idpIssuer?: unknown;
  idpCertificate?: unknown;
  idpMetadataXml?: unknown;
  allowIdpInitiated?: unknown;
  provisioning?: unknown;
  enforcement?: unknown;
  oidcIssuer?: unknown;
  oidcClientId?: unknown;
  oidcClientSecret?: unknown;
  acceptOktaSimplified?: unknown;
  /** Claimed email domains: a list (API) or one string separated by commas, spaces or new lines (form). */
  domains?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const flag = (v: unknown): boolean => v === true || v === 'on' || v === 'true' || v === '1';

function invalid(message: string): SpError {
  return new SpError('SSO_SETTINGS_INVALID', 400, message);
}

function samlConnection(input: SsoSettingsInput): SamlConnection {
  let idpSsoUrl: string;
  let idpIssuer: string;
  let idpCertificatePem: string;
  const metadataXml = str(input.idpMetadataXml).trim();
  if (metadataXml) {
    const md = parseIdpMetadata(metadataXml);
    ({ ssoUrl: idpSsoUrl, entityId: idpIssuer, certificatePem: idpCertificatePem } = md);
  } else {
    idpSsoUrl = str(input.idpSsoUrl).trim();
    idpIssuer = str(input.idpIssuer).trim();
    if (!/^https?:\/\/[^\s]+$/i.test(idpSsoUrl)) throw invalid('the Sign on URL must be an http(s) URL');
    try {
      new URL(idpSsoUrl);
    } catch {
      throw invalid('the Sign on URL must be an http(s) URL');
    }
    if (!idpIssuer) throw invalid('the Issuer is required');
    idpCertificatePem = normalizeCertificate(str(input.idpCertificate));
  }
  return { protocol: 'saml', idpSsoUrl, idpIssuer, idpCertificatePem, allowIdpInitiated: flag(input.allowIdpInitiated) };
}

const CLIENT_ID = /^[\x21-\x7e]{1,255}$/;

function oidcConnection(input: SsoSettingsInput, previous: SsoConnection | undefined): OidcConnection {
  const issuer = normalizeIssuer(str(input.oidcIssuer));
  const clientId = str(input.oidcClientId).trim();
  if (!CLIENT_ID.test(clientId)) throw invalid('the Client ID is required (printable characters, no spaces)');
  let clientSecret = str(input.oidcClientSecret).trim();
  if (!clientSecret && previous?.protocol === 'oidc' && previous.issuer === issuer && previous.clientId === clientId) {
    clientSecret = previous.clientSecret;
  }
  if (!clientSecret || clientSecret.length > 1024) throw invalid('the Client Secret is required');
  return { protocol: 'oidc', issuer, clientId, clientSecret, acceptOktaSimplified: flag(input.acceptOktaSimplified) };
}

/** A DNS name of letters, digits and hyphens, with a dot; lower-cased. No wildcards, no IP addresses. */
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const MAX_DOMAINS = 20;

/** The claimed domains, normalised (lower case, no duplicates); each must be a DNS name. */
export function parseDomains(value: unknown): string[] {
  let items: unknown[];
  if (value === undefined || value === null || value === '') items = [];
  else if (typeof value === 'string') items = value.split(/[\s,]+/);
  else if (Array.isArray(value)) items = value;
  else throw new SpError('SSO_DOMAIN_INVALID', 400, 'domains must be a list of domain names');
  const out: string[] = [];
  for (const item of items) {
    if (item === '') continue;
    const domain = typeof item === 'string' ? item.trim().toLowerCase().replace(/\.$/, '') : '';
    if (!DOMAIN.test(domain)) throw new SpError('SSO_DOMAIN_INVALID', 400, `"${String(item).slice(0, 80)}" is not a domain name such as example.com`);
    if (!out.includes(domain)) out.push(domain);
  }
  if (out.length > MAX_DOMAINS) throw new SpError('SSO_DOMAIN_INVALID', 400, `at most ${MAX_DOMAINS} domains`);
  return out;
}

export function buildSsoSettings(
  input: SsoSettingsInput,
  isPortalKeyTaken: (key: string) => boolean,
  previous?: SsoConnection,
  isDomainTaken: (domain: string) => boolean = () => false,
): SsoSettings {
  const protocol = str(input.protocol) || 'saml';
  if (protocol !== 'saml' && protocol !== 'oidc') throw new SpError('SSO_PROTOCOL_UNSUPPORTED', 400, `protocol ${protocol} is not supported`);
  const portalKey = validatePortalKey(str(input.portalKey));
  if (isPortalKeyTaken(portalKey)) throw new SpError('SSO_PORTAL_KEY_TAKEN', 409, 'this portal key is already used');

  const provisioning = str(input.provisioning) || 'invite-only';
  if (provisioning !== 'invite-only' && provisioning !== 'jit') throw invalid('provisioning must be invite-only or jit');
  const enforcement = str(input.enforcement) || 'mixed';
  if (enforcement !== 'mixed' && enforcement !== 'enforced') throw invalid('enforcement must be mixed or enforced');
  const domains = parseDomains(input.domains);
  const taken = domains.find(isDomainTaken);
  if (taken) throw new SpError('SSO_DOMAIN_TAKEN', 409, `${taken} is already claimed by another organization`);

  return {
    portalKey,
    provisioning: provisioning as Provisioning,
    enforcement: enforcement as Enforcement,
    domains,
    connection: protocol === 'oidc' ? oidcConnection(input, previous) : samlConnection(input),
  };
}
