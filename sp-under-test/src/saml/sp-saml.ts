// node-saml configured strictly for one org's SAML connection, plus the SP metadata and the
// AuthnRequest (HTTP-Redirect). node-saml's own cache is replaced: pending requests live in the
// SP's store, bound to the browser session and the org (see checks/check-in-response-to.ts).
import { randomBytes } from 'node:crypto';
import { generateServiceProviderMetadata, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { CacheProvider, SamlConfig } from '@node-saml/node-saml';
import type { SamlConnection } from '../model.ts';
import type { SpEndpoints } from './endpoints.ts';
import { NAMEID_EMAIL } from './xml.ts';

/** Allowed clock difference with the IdP. */
export const CLOCK_SKEW_MS = 60_000;
/** An assertion older than this (by IssueInstant) is refused even if NotOnOrAfter is later. */
export const MAX_ASSERTION_AGE_MS = 10 * 60_000;
/** node-saml's own request expiry; the SP's store enforces limits.pendingSignInTtlMs before node-saml is asked. */
const REQUEST_TTL_MS = 10 * 60_000;

const noCache: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

export interface StrictSamlOptions {
  connection: SamlConnection;
  endpoints: SpEndpoints;
  /**
   * The InResponseTo value the SP has already matched against its own store (or null for an
   * unsolicited response). node-saml is told to require it; its cache answers only for this id.
   */
  verifiedInResponseTo: string | null;
  /**
   * true when the SP runs on the real clock: node-saml then also checks the time window (with the
   * same skew). With an injected clock node-saml's checks (which use `new Date()`) are switched
   * off and the SP's own checkTimeWindow, which uses the injected clock, is the only one.
   */
  nodeSamlChecksTime: boolean;
  requestId?: string;
  /** TEST ONLY: node-saml settings a mutation-testing variant loosens (../weakenings.ts). */
  loosened?: Partial<SamlConfig>;
}

export function strictSaml(o: StrictSamlOptions): SAML {
  const verified = o.verifiedInResponseTo;
  const cacheProvider: CacheProvider = {
    saveAsync: async () => null,
    // Expiry was already enforced by the SP store with the injected clock; node-saml compares the
    // returned creation time with its own real clock, so "now" is the honest answer here.
    getAsync: async (key: string) => (verified !== null && key === verified ? new Date().toISOString() : null),
    removeAsync: async () => null,
  };
  const config: SamlConfig = {
    entryPoint: o.connection.idpSsoUrl,
    issuer: o.endpoints.entityId,
    audience: o.endpoints.entityId,
    callbackUrl: o.endpoints.acsUrl,
    idpCert: o.connection.idpCertificatePem,
    idpIssuer: o.connection.idpIssuer,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    signatureAlgorithm: 'sha256',
    acceptedClockSkewMs: o.nodeSamlChecksTime ? CLOCK_SKEW_MS : -1,
    maxAssertionAgeMs: 0,
    validateInResponseTo: verified !== null ? ValidateInResponseTo.always : ValidateInResponseTo.never,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: verified !== null ? cacheProvider : noCache,
    identifierFormat: NAMEID_EMAIL,
    disableRequestedAuthnContext: true,
    authnRequestBinding: 'HTTP-Redirect',
    ...(o.requestId ? { generateUniqueId: () => o.requestId as string } : {}),
    ...o.loosened,
  };
  return new SAML(config);
}

export function newRequestId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/** The IdP redirect URL carrying a deflated AuthnRequest and the opaque RelayState. */
export async function authnRequestRedirectUrl(
  connection: SamlConnection,
  endpoints: SpEndpoints,
  requestId: string,
  relayState: string,
): Promise<string> {
  const saml = strictSaml({ connection, endpoints, verifiedInResponseTo: null, nodeSamlChecksTime: true, requestId });
  return saml.getAuthorizeUrlAsync(relayState, undefined, {});
}

export function spMetadataXml(endpoints: SpEndpoints): string {
  return generateServiceProviderMetadata({
    issuer: endpoints.entityId,
    callbackUrl: endpoints.acsUrl,
    identifierFormat: NAMEID_EMAIL,
    wantAssertionsSigned: true,
  });
}
