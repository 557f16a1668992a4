// The OP as openid-client sees it: discovery of the configured issuer, with the RP's own pins.
//
// - client_secret_basic: the default of an Okta "Web Application" integration.
// - id_token_signed_response_alg RS256: Okta signs with RS256; anything else (none, HS256 keyed
//   with the public key, ES256 from a key we never saw) is refused by openid-client.
// - enableNonRepudiationChecks: openid-client skips the id_token signature check for tokens from
//   the token endpoint (TLS is trusted); NEGATIVE-CASES asks for a strict RP that checks it anyway.
// - allowInsecureRequests only for a loopback http issuer (the local mock); normalizeIssuer already
//   refused http elsewhere, and every discovered endpoint must be https or loopback too.
//
// One discovered Configuration per connection object (saving settings makes a new object, so a
// changed issuer or secret is rediscovered); openid-client caches the JWKS inside it.
import * as client from 'openid-client';
import { createRemoteJWKSet } from 'jose';
import { ssoError, SpError } from '../errors.ts';
import type { OidcConnection } from '../model.ts';
import { isSecureOrLoopback } from './issuer.ts';

/** Seconds to wait for the OP (discovery, token, JWKS). */
const OP_TIMEOUT_S = 10;
/** Allowed clock difference with the OP, for openid-client's exp/iat checks. */
export const OIDC_CLOCK_SKEW_S = 60;
export const ID_TOKEN_ALG = 'RS256';

export type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

const configurations = new WeakMap<OidcConnection, Promise<client.Configuration>>();
const jwksSets = new WeakMap<OidcConnection, RemoteJwks>();

function checkMetadata(config: client.Configuration): void {
  const md = config.serverMetadata();
  for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    const value = md[name];
    if (typeof value !== 'string') throw new Error(`discovery has no ${name}`);
    if (!isSecureOrLoopback(new URL(value))) throw new Error(`${name} is not https`);
  }
  const algs = md.id_token_signing_alg_values_supported;
  if (Array.isArray(algs) && !algs.includes(ID_TOKEN_ALG)) throw new Error(`the OP does not sign id_tokens with ${ID_TOKEN_ALG}`);
}

/** Discovery of the connection's issuer; throws whatever openid-client or checkMetadata throws. */
export async function discoverProvider(connection: OidcConnection): Promise<client.Configuration> {
  const insecure = new URL(connection.issuer).protocol === 'http:';
  const config = await client.discovery(
    new URL(connection.issuer),
    connection.clientId,
    { client_secret: connection.clientSecret, id_token_signed_response_alg: ID_TOKEN_ALG, [client.clockTolerance]: OIDC_CLOCK_SKEW_S },
    client.ClientSecretBasic(connection.clientSecret),
    {
      timeout: OP_TIMEOUT_S,
      execute: [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])],
    },
  );
  checkMetadata(config);
  return config;
}

/** Settings save: discovery must work now, else the admin sees SSO_OIDC_DISCOVERY_FAILED. */
export async function checkDiscovery(connection: OidcConnection): Promise<void> {
  try {
    const config = await discoverProvider(connection);
    configurations.set(connection, Promise.resolve(config));
  } catch (err) {
    if (err instanceof SpError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new SpError('SSO_OIDC_DISCOVERY_FAILED', 400, `OpenID Connect discovery of ${connection.issuer} failed: ${reason}`);
  }
}

/** Sign-in time: the cached Configuration, rediscovered after a failure. */
export function providerConfiguration(connection: OidcConnection): Promise<client.Configuration> {
  let found = configurations.get(connection);
  if (!found) {
    found = discoverProvider(connection).catch((err: unknown) => {
      configurations.delete(connection);
      throw ssoError('SSO_OIDC_PROVIDER_UNAVAILABLE', `the identity provider could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    });
    configurations.set(connection, found);
  }
  return found;
}

/** The OP's signing keys for jose (Okta Simplified); refetched on an unknown kid, with jose's cooldown. */
export async function providerJwks(connection: OidcConnection): Promise<RemoteJwks> {
  let jwks = jwksSets.get(connection);
  if (!jwks) {
    const jwksUri = (await providerConfiguration(connection)).serverMetadata().jwks_uri;
    if (!jwksUri) throw ssoError('SSO_OIDC_PROVIDER_UNAVAILABLE', 'the identity provider publishes no jwks_uri');
    jwks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: OP_TIMEOUT_S * 1000 });
    jwksSets.set(connection, jwks);
  }
  return jwks;
}
