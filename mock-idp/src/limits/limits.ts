/**
 * Every bound the mock IdP keeps, with its default, its range and what it bounds. This table is the
 * documentation: the CLI's --help prints it, README "Limits" and docs/contracts.md copy it. A bound
 * that is reached is a coded refusal, never a crash or a silent eviction:
 *
 *   count bounds (max…)        IDP_LIMIT_REACHED 429 on pages, E0000047 429 on /api/v1 and /mock/v1
 *   size bounds (…Bytes)       IDP_REQUEST_TOO_LARGE 413 / E0000001 413; SAML ones IDP_SAML_REQUEST_MALFORMED
 *   lifetimes (…Seconds)       what is older is gone: IDP_SIGNIN_REQUIRED, IDP_OIDC_INTERACTION_EXPIRED,
 *                              the sign-in page again, or oidc-provider's invalid_grant / invalid_token
 *   the inspector's (…Inspector…) a log: at its bounds it forgets its oldest messages, refusing nothing
 *
 * Options are checked once, at start: a value outside its range is IDP_OPTIONS_INVALID.
 */
import { IdpError } from '../errors.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface LimitDefinition {
  default: number;
  min: number;
  max: number;
  /** What it bounds and what happens when it is reached. */
  description: string;
}

export const LIMITS = {
  maxOrgs: {
    default: 100,
    min: 1,
    max: 10_000,
    description: 'orgs per host, the default org included (each is a listening port and ~80 KB); POST /mock/v1/orgs answers 429 E0000047, createOrg() throws IDP_LIMIT_REACHED; DELETE /mock/v1/orgs/{id} frees one',
  },
  maxObjectsPerOrg: {
    default: 10_000,
    min: 1,
    max: 1_000_000,
    description: 'users + groups + apps in one org; creating one more is 429 E0000047',
  },
  maxSessionsPerOrg: {
    default: 10_000,
    min: 1,
    max: 1_000_000,
    description: 'live sign-in sessions (sid_{orgId}) in one org; one more sign-in is refused with IDP_LIMIT_REACHED',
  },
  sessionLifetimeSeconds: {
    default: 7_200,
    min: 1,
    max: 30 * 24 * 3_600,
    description: 'how long a sign-in session lasts; also oidc-provider\'s session and grant lifetime. Afterwards the browser signs in again',
  },
  maxHeldRequestsPerOrg: {
    default: 1_000,
    min: 1,
    max: 1_000_000,
    description: 'HTTP-POST AuthnRequests held while their browser is on the sign-in page; one more is IDP_LIMIT_REACHED',
  },
  heldRequestLifetimeSeconds: {
    default: 600,
    min: 1,
    max: 24 * 3_600,
    description: 'how long a held AuthnRequest waits for its sign-in; afterwards IDP_SIGNIN_REQUIRED (start again from the app)',
  },
  maxOidcRecordsPerOrg: {
    default: 20_000,
    min: 10,
    max: 1_000_000,
    description: 'OIDC interactions, sessions, grants, codes and tokens kept in memory for one org (both authorization servers); at the bound new authorizations get IDP_LIMIT_REACHED, token calls 429 E0000047',
  },
  oidcInteractionLifetimeSeconds: {
    default: 600,
    min: 1,
    max: 24 * 3_600,
    description: 'how long an authorization request waits for its sign-in (oidc-provider ttl.Interaction); afterwards IDP_OIDC_INTERACTION_EXPIRED',
  },
  oidcAuthorizationCodeLifetimeSeconds: {
    default: 60,
    min: 1,
    max: 3_600,
    description: 'how long an authorization code can be exchanged; afterwards invalid_grant',
  },
  oidcTokenLifetimeSeconds: {
    default: 3_600,
    min: 1,
    max: 24 * 3_600,
    description: 'access and ID token lifetime; an expired access token is invalid_token at userinfo',
  },
  oidcRefreshTokenLifetimeSeconds: {
    default: 86_400,
    min: 1,
    max: 365 * 24 * 3_600,
    description: 'refresh token lifetime; afterwards invalid_grant',
  },
  maxApiBodyBytes: {
    default: 256 * KiB,
    min: 1 * KiB,
    max: 64 * MiB,
    description: 'a JSON body on /api/v1; larger is 413 E0000001',
  },
  maxOrgRequestBytes: {
    default: 1 * MiB,
    min: 1 * KiB,
    max: 64 * MiB,
    description: 'the body of POST /mock/v1/orgs, tenant document included; larger is 413 E0000001',
  },
  maxTenantBytes: {
    default: 1 * MiB,
    min: 1 * KiB,
    max: 64 * MiB,
    description: 'a tenant file read from disk; larger is IDP_TENANT_INVALID',
  },
  maxFormBytes: {
    default: 96 * KiB,
    min: 1 * KiB,
    max: 16 * MiB,
    description: 'a form body (sign-in page, SAML HTTP-POST binding); larger is 413 IDP_REQUEST_TOO_LARGE',
  },
  maxSamlRequestBytes: {
    default: 32 * KiB,
    min: 1 * KiB,
    max: 8 * MiB,
    description: 'a SAMLRequest as received (base64); larger is IDP_SAML_REQUEST_MALFORMED',
  },
  maxSamlRequestXmlBytes: {
    default: 64 * KiB,
    min: 1 * KiB,
    max: 16 * MiB,
    description: 'a SAMLRequest\'s XML after base64 and inflating (no zip bombs); larger is IDP_SAML_REQUEST_MALFORMED',
  },
  maxRelayStateBytes: {
    default: 4 * KiB,
    min: 80,
    max: 1 * MiB,
    description: 'RelayState (SAML says 80 bytes; SPs send more); longer is IDP_SAML_REQUEST_MALFORMED',
  },
  maxHeaderBytes: {
    default: 16 * KiB,
    min: 1 * KiB,
    max: 1 * MiB,
    description: 'request line and headers together (node\'s maxHeaderSize); larger is 431 from node itself',
  },
  maxInspectorMessagesPerOrg: {
    default: 500,
    min: 10,
    max: 100_000,
    description: 'protocol messages the inspector keeps per org (GET /mock/v1/inspector; the faults\' sent records are among them); past it the oldest are forgotten',
  },
  maxInspectorCharsPerOrg: {
    default: 1 * MiB,
    min: 64 * KiB,
    max: 256 * MiB,
    description: 'characters of message text the inspector keeps per org (one message at most 64 KiB of it); past it the oldest are forgotten',
  },
  inspectorLifetimeSeconds: {
    default: 3_600,
    min: 1,
    max: 7 * 24 * 3_600,
    description: 'how long the inspector keeps a message',
  },
  sweepIntervalSeconds: {
    default: 60,
    min: 1,
    max: 3_600,
    description: 'how often expired sessions, held requests, OIDC records and inspector messages are dropped even when no request comes',
  },
} as const satisfies Record<string, LimitDefinition>;

export type LimitName = keyof typeof LIMITS;
export type MockIdpLimits = Record<LimitName, number>;

export const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

export function isLimitName(value: string): value is LimitName {
  return Object.hasOwn(LIMITS, value);
}

/** The defaults with the given values laid over; each one checked against its range. */
export function resolveLimits(given: Partial<Record<string, unknown>> = {}): MockIdpLimits {
  const resolved = {} as MockIdpLimits;
  for (const name of Object.keys(given)) {
    if (!isLimitName(name)) throw optionsInvalid(`limits.${name} is not a limit (${LIMIT_NAMES.join(', ')})`);
  }
  for (const name of LIMIT_NAMES) {
    const { default: fallback, min, max } = LIMITS[name];
    const value = given[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw optionsInvalid(`limits.${name} must be a whole number from ${min} to ${max}`);
    }
    resolved[name] = value;
  }
  return resolved;
}

export function optionsInvalid(message: string): IdpError {
  return new IdpError('IDP_OPTIONS_INVALID', 400, message, 'The options are not valid');
}

/** `name  default  description` lines for the CLI's --help. */
export function describeLimits(): string[] {
  const width = Math.max(...LIMIT_NAMES.map((name) => name.length));
  return LIMIT_NAMES.map((name) => `  ${name.padEnd(width)}  ${String(LIMITS[name].default).padStart(8)}  ${LIMITS[name].description}`);
}
