// The OP as openid-client sees it: discovery of the configured issuer, with the RP's own pins.
//
// - client_secret_basic: the default of an Okta "Web Application" integration.
// - id_token_signed_response_alg RS256: Okta signs with RS256; anything else (none, HS256 keyed
//   with the public key, ES256 from a key we never saw) is refused by openid-client.
// - the id_token's signature is not left to openid-client (it skips it for token-endpoint tokens,
//   and its key cache refetches on an unknown kid only after 60 s): ./verify-id-token.ts checks
//   every id_token, with the keys of `keys()` below, on both paths.
// - allowInsecureRequests only for a loopback http issuer (the local mock); normalizeIssuer already
//   refused http elsewhere, and every discovered endpoint must be https or loopback too.
// - every request goes through boundedOpFetch (op-http.ts): a timeout on the whole exchange, a cap
//   on the bytes read, and 5xx / unreachable / timed out reported as the OP being unavailable.
//
// One discovered Configuration per connection object (saving settings makes a new object, so a
// changed issuer or secret is rediscovered), kept for discoveryTtlMs of the SP's clock and then
// fetched again: an OP that moved or restarted on another address is noticed and reported
// (SSO_OIDC_PROVIDER_UNAVAILABLE, "check the issuer"), not followed blindly forever. The key set is
// kept per Configuration, so it is renewed with it.
import * as client from 'openid-client';
import type { JWTVerifyGetKey } from 'jose';
import { ssoError, SpError } from '../errors.ts';
import type { OidcConnection } from '../model.ts';
import { isSecureOrLoopback } from './issuer.ts';
import { codeForOidcError, unavailableAdvice } from './oidc-errors.ts';
import { DEFAULT_KEY_SET_TIMING, ProviderKeySet } from './key-set.ts';
import { boundedOpFetch, type OpFetch, type OpHttpLimits } from './op-http.ts';

/** Allowed clock difference with the OP, for openid-client's exp/iat checks. */
export const OIDC_CLOCK_SKEW_S = 60;
export const ID_TOKEN_ALG = 'RS256';


export interface OidcProvidersOptions extends OpHttpLimits {
  discoveryTtlMs: number;
  /** The SP's clock (ms), for the discovery lifetime. */
  now: () => number;
  /** TEST ONLY (src/weakenings.ts, oidc-key-refetch): false makes a variant that never refetches on an unknown kid. */
  refetchKeysOnUnknownKid?: boolean;
}

interface Discovered {
  config: Promise<client.Configuration>;
  fetchedAt: number;
}

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

function reason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err instanceof Error ? err.message : String(err)}${cause}`;
}

export class OidcProviders {
  private readonly discovered = new WeakMap<OidcConnection, Discovered>();
  private readonly keySets = new WeakMap<client.Configuration, ProviderKeySet>();
  private readonly fetch: OpFetch;

  constructor(private readonly options: OidcProvidersOptions) {
    this.fetch = boundedOpFetch(options);
  }

  /** Discovery of the connection's issuer; throws whatever openid-client, the transport or checkMetadata throws. */
  private async discover(connection: OidcConnection): Promise<client.Configuration> {
    const insecure = new URL(connection.issuer).protocol === 'http:';
    const config = await client.discovery(
      new URL(connection.issuer),
      connection.clientId,
      { client_secret: connection.clientSecret, id_token_signed_response_alg: ID_TOKEN_ALG, [client.clockTolerance]: OIDC_CLOCK_SKEW_S },
      client.ClientSecretBasic(connection.clientSecret),
      {
        // openid-client's own timeout (whole seconds) as a backstop; boundedOpFetch enforces ours.
        timeout: Math.ceil(this.options.timeoutMs / 1000),
        [client.customFetch]: this.fetch as client.CustomFetch,
        execute: insecure ? [client.allowInsecureRequests] : [],
      },
    );
    checkMetadata(config);
    return config;
  }

  /** Settings save: discovery must work now, else the admin sees SSO_OIDC_DISCOVERY_FAILED (or the size refusal). */
  async checkDiscovery(connection: OidcConnection): Promise<void> {
    try {
      const config = await this.discover(connection);
      this.discovered.set(connection, { config: Promise.resolve(config), fetchedAt: this.options.now() });
    } catch (err) {
      if (err instanceof SpError) throw err;
      if (codeForOidcError(err) === 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE') {
        throw ssoError('SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE', `OpenID Connect discovery of ${connection.issuer} failed: ${reason(err)}`);
      }
      throw new SpError('SSO_OIDC_DISCOVERY_FAILED', 400, `OpenID Connect discovery of ${connection.issuer} failed: ${reason(err)}`);
    }
  }

  /** Sign-in time: the cached Configuration while it is fresh, else discovered again; a failure is forgotten (the next sign-in retries). */
  configuration(connection: OidcConnection): Promise<client.Configuration> {
    const now = this.options.now();
    const found = this.discovered.get(connection);
    if (found && now - found.fetchedAt < this.options.discoveryTtlMs) return found.config;
    const config = this.discover(connection).catch((err: unknown) => {
      this.discovered.delete(connection);
      // Whatever went wrong, at sign-in time the OP is not usable: unavailable (or too large), never "token invalid".
      if (codeForOidcError(err) === 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE') {
        throw ssoError('SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE', `the identity provider's discovery document was refused: ${reason(err)}`);
      }
      throw ssoError('SSO_OIDC_PROVIDER_UNAVAILABLE', `the identity provider could not be discovered: ${reason(err)}. ${unavailableAdvice(connection.issuer)}`);
    });
    this.discovered.set(connection, { config, fetchedAt: now });
    return config;
  }

  /** The OP's signing keys (jose's key lookup), for every id_token: see ./key-set.ts. */
  async keys(connection: OidcConnection): Promise<JWTVerifyGetKey> {
    const config = await this.configuration(connection);
    let keys = this.keySets.get(config);
    if (!keys) {
      const jwksUri = config.serverMetadata().jwks_uri;
      if (!jwksUri) throw ssoError('SSO_OIDC_PROVIDER_UNAVAILABLE', `the identity provider publishes no jwks_uri. ${unavailableAdvice(connection.issuer)}`);
      const timing = this.options.refetchKeysOnUnknownKid === false ? { ...DEFAULT_KEY_SET_TIMING, refetchBurst: 0 } : DEFAULT_KEY_SET_TIMING;
      keys = new ProviderKeySet(jwksUri, { fetch: this.fetch, now: this.options.now, ...timing });
      this.keySets.set(config, keys);
    }
    return keys.getKey;
  }
}
