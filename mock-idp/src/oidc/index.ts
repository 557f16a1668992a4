/**
 * The org's OpenID Connect side, laid out as Okta's: the org authorization server (issuer = org
 * origin) and the custom `default` authorization server. Mounted by the org app as one express
 * router, before any body parser (oidc-provider reads request bodies itself).
 *
 * The servers and their signing keys are made on the first OIDC request, so an org that only uses
 * SAML pays nothing for them. Keys are generated per org and never leave memory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import { oktaErrors } from '../errors.ts';
import { answerFaults, type FaultedServer } from './answer-faults.ts';
import {
  DEFAULT_OIDC_LIFETIMES,
  createAuthorizationServer,
  interactionPath,
  type AuthorizationServerSpec,
  type OidcLifetimes,
} from './authorization-server.ts';
import { checkClientCredentials } from './client-credentials.ts';
import { corsForTrustedOrigins } from './cors.ts';
import { IssuedIdTokens } from './issued-id-tokens.ts';
import { oktaLogout } from './logout.ts';
import { oktaTokenAnswers, opaqueTokenOf, translateAccessToken } from './okta-tokens.ts';
import { OidcRecords } from './memory-adapter.ts';
import type { OidcFaultServer, OidcPorts, ResponseParameters } from './ports.ts';

export type {
  JsonObject,
  OidcClientRecord,
  OidcErrorPage,
  OidcFaultEvent,
  OidcFaultPort,
  OidcFaultServer,
  OidcPorts,
  OidcUserRecord,
  ResponseParameters,
} from './ports.ts';
export type { OidcLifetimes } from './authorization-server.ts';

/** The org's bounds on its OIDC memory (src/limits/limits.ts names them); defaults if not given. */
export interface OidcSettings {
  lifetimes?: OidcLifetimes;
  /** Records (interactions, sessions, grants, codes, tokens) kept for the org's servers together. */
  maxRecords?: number;
  /** Where the servers' keys come from (the org's, kept with a state directory); new ones if not given. */
  keys?: OidcKeys;
}

/** The keys of the org's authorization servers. */
export interface OidcKeys {
  cookieKeys: string[];
  /** The server's private RS256 signing key (JWK with kid), the same one every time it is asked. */
  signingKey(server: AuthorizationServerId): Promise<JWK>;
}

export const DEFAULT_MAX_OIDC_RECORDS = 20_000;

export type AuthorizationServerId = 'org' | 'default';

interface Server extends FaultedServer {
  spec: AuthorizationServerSpec;
  provider: Provider;
  handle: (req: IncomingMessage, res: ServerResponse) => unknown;
}

/** Keys faults may publish beside the signing key; past this, the oldest is withdrawn. */
const MAX_EXTRA_PUBLISHED_KEYS = 8;

export interface OrgOidc {
  router: Router;
  issuer(server: AuthorizationServerId): string;
  /**
   * An id_token the org would issue to `clientId` for `userId` — what an Okta Simplified tile
   * POSTs to the app. Signed with the server's key, verifiable with its published JWKS.
   */
  mintIdToken(server: AuthorizationServerId, input: { clientId: string; userId: string; nonce?: string }): Promise<string>;
  /**
   * The fields an Okta Simplified tile POSTs to `redirectUri`: a new id_token, with the org's faults
   * applied (oidc.id_token, then oidc.authorization_response) when any is set.
   */
  simplifiedPostFields(server: AuthorizationServerId, input: { clientId: string; userId: string; redirectUri: string }): Promise<ResponseParameters>;
  /**
   * What an access token the org authorization server issued grants, while it holds (issued by this
   * org, not expired, not revoked); undefined for any other string. A Bearer token at /api/v1, as
   * the Okta SDK's PrivateKey mode sends it.
   */
  orgAccessToken(jwt: string): { scopes: string[]; clientId: string | undefined } | undefined;
  /** Drops expired records (the host's janitor calls it); returns how many went. */
  sweep(): number;
  /** Records held now, for the soak test and the limit. */
  readonly recordCount: number;
}

/**
 * Requests that make records: an authorization request (interaction, then session, grant, code),
 * its sign-in step, and the token endpoint (access and refresh tokens). Discovery, keys, userinfo,
 * introspection, revocation and logout make none, so they are served even at the bound.
 */
const MAKES_RECORDS = /\/v1\/(?:authorize|token|interaction\/[^/]*)$/;
/** Okta's page for a suspended or deactivated user, the same code the SAML endpoint shows. */
const USER_INACTIVE = {
  status: 403,
  code: 'IDP_USER_INACTIVE',
  title: 'Account not active',
  detail: 'This account is not active. Contact your administrator.',
} as const;

const USER_NOT_ASSIGNED = {
  status: 403,
  code: 'IDP_USER_NOT_ASSIGNED',
  title: 'You are not allowed to access this app',
  detail: 'User is not assigned to this application',
} as const;

export function createOrgOidc(ports: OidcPorts, settings: OidcSettings = {}): OrgOidc {
  const lifetimes = settings.lifetimes ?? DEFAULT_OIDC_LIFETIMES;
  const maxRecords = settings.maxRecords ?? DEFAULT_MAX_OIDC_RECORDS;
  const records = new OidcRecords(ports.now);
  const mountPaths: Record<AuthorizationServerId, string> = { org: '', default: '/oauth2/default' };
  const issuer = (id: AuthorizationServerId): string => `${ports.origin}${mountPaths[id]}`;
  // Okta's audiences: the org server's tokens are for the org itself, a custom server's for its API.
  const audience = (id: AuthorizationServerId): string => (id === 'org' ? ports.origin : 'api://default');
  const servers = new Map<AuthorizationServerId, Promise<Server>>();
  const cookieKeys = settings.keys?.cookieKeys ?? [randomBytes(32).toString('base64url')];

  function server(id: AuthorizationServerId): Promise<Server> {
    let made = servers.get(id);
    if (!made) {
      made = (async () => {
        const signingKey = settings.keys ? await settings.keys.signingKey(id) : await newSigningKey();
        const spec: AuthorizationServerSpec = {
          id,
          issuer: issuer(id),
          mountPath: mountPaths[id],
          signingKey,
          cookieKeys,
          extraScopes: ports.extraScopes?.(id) ?? [],
        };
        const provider = createAuthorizationServer(spec, ports, records, lifetimes);
        const faulted: FaultedServer = { faultServer: faultServerOf(spec), issued: new IssuedIdTokens() };
        // Koa order: CORS decides first; Okta's token shapes are applied before the faults see the answer.
        provider.use(corsForTrustedOrigins((origin) => ports.corsAllowed?.(origin) ?? false));
        provider.use(answerFaults(faulted, ports.faults));
        provider.use(oktaTokenAnswers({ id, issuer: spec.issuer, audience: audience(id), signingKey }, records, ports));
        return { spec, provider, handle: provider.callback(), ...faulted };
      })();
      servers.set(id, made);
    }
    return made;
  }

  const router = express.Router();
  // Everything oidc-provider answers (its endpoints and the sign-in step's resume) sees the org's origin.
  router.use(['/oauth2', '/.well-known'], (req, _res, next) => {
    seenFromOrigin(req, ports.origin);
    next();
  });
  // The bound, checked before a request that makes records (a request in flight may add its few).
  router.use((req, res, next) => {
    if (!MAKES_RECORDS.test(req.path) || records.size < maxRecords || (records.sweep(), records.size < maxRecords)) {
      next();
      return;
    }
    const cause = `maxOidcRecordsPerOrg: the limit of ${maxRecords} OIDC records is reached`;
    if (req.path.endsWith('/token')) {
      res.status(429).json(oktaErrors.limitReached(cause).toJSON());
      return;
    }
    res.status(429).type('html').set('Cache-Control', 'no-store').send(
      ports.renderErrorPage({ status: 429, code: 'IDP_LIMIT_REACHED', title: 'Too many requests', detail: `The mock IdP holds too many sign-ins in progress (${cause}). Try again later.` }),
    );
  });
  const forward = (id: AuthorizationServerId) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const found = await server(id);
      const endpoint = endpointOf(req.path);
      if (endpoint === 'logout' && req.method === 'GET') {
        await oktaLogout(req, res, found.spec, ports);
        return;
      }
      if (endpoint === 'authorize' && req.method === 'GET') askConsentForOfflineAccess(req);
      const handed =
        endpoint === 'userinfo' || endpoint === 'introspection' || endpoint === 'revocation' ? await translateAccessToken(req, records, id, endpoint)
        : endpoint === 'token' ? await checkClientCredentials(req, res, id, ports)
        : req;
      if (handed) found.handle(handed, res);
    } catch (error) {
      next(error);
    }
  };

  // The mock's sign-in step of an authorization request: it shares the org's sign-in session.
  for (const id of ['org', 'default'] as const) {
    router.get(interactionPath({ mountPath: mountPaths[id] }, ':uid'), async (req, res, next) => {
      try {
        await finishInteraction(await server(id), ports, records, lifetimes.interaction, req, res);
      } catch (error) {
        next(error);
      }
    });
  }
  router.use('/oauth2/default', forward('default'));
  router.use(['/oauth2/v1', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'], (req, res, next) => {
    // express strips the mount path and records it in baseUrl; the org server is mounted at the
    // root, so oidc-provider must see the full path and no base.
    req.url = req.originalUrl;
    req.baseUrl = '';
    void forward('org')(req, res, next);
  });

  /** An id_token as Okta's org server issues it, signed with the server's key (the tile's, and tests'). */
  async function mintIdToken(id: AuthorizationServerId, { clientId, userId, nonce }: { clientId: string; userId: string; nonce?: string }): Promise<string> {
    const { spec } = await server(id);
    const user = ports.findUser(userId);
    if (!user) throw new Error(`no active user ${userId}`);
    const now = ports.now();
    return new SignJWT({
      ver: 1,
      jti: `ID.${randomUUID()}`,
      amr: ['pwd'],
      idp: ports.orgId,
      auth_time: now,
      name: `${user.firstName} ${user.lastName}`.trim(),
      email: user.email,
      email_verified: true,
      preferred_username: user.login,
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: spec.signingKey.kid! })
      .setSubject(user.id)
      .setIssuer(spec.issuer)
      .setAudience(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(await importJWK(spec.signingKey, 'RS256'));
  }

  return {
    router,
    issuer,
    orgAccessToken(jwt) {
      const found = opaqueTokenOf(records, 'org', jwt);
      if (!found) return undefined;
      // Revocation deletes oidc-provider's opaque token; the JWT standing for it goes with it.
      if (!records.get('org:ClientCredentials', found.opaque) && !records.get('org:AccessToken', found.opaque)) return undefined;
      const { exp, scp, cid } = found.claims;
      if (typeof exp !== 'number' || exp <= ports.now()) return undefined;
      return { scopes: Array.isArray(scp) ? scp.filter((scope): scope is string => typeof scope === 'string') : [], clientId: typeof cid === 'string' ? cid : undefined };
    },
    sweep: () => records.sweep(),
    get recordCount() {
      return records.size;
    },
    mintIdToken,
    async simplifiedPostFields(id, { clientId, userId, redirectUri }) {
      const idToken = await mintIdToken(id, { clientId, userId });
      const { faultServer, issued } = await server(id);
      const previousIdToken = issued.swap(clientId, userId, idToken);
      const fields: ResponseParameters = [['id_token', idToken]];
      if (!ports.faults || ports.faults.empty) return fields;
      return ports.faults.authorizationResponse(faultServer, { clientId, userId, previousIdToken }, fields, `Okta Simplified post to ${redirectUri}`);
    },
  };
}

type Endpoint = 'authorize' | 'token' | 'logout' | 'userinfo' | 'introspection' | 'revocation';
const ENDPOINTS: Record<string, Endpoint> = { authorize: 'authorize', token: 'token', logout: 'logout', userinfo: 'userinfo', introspect: 'introspection', revoke: 'revocation' };

/** Which of the endpoints the mock treats itself a path is (relative to the server's mount). */
function endpointOf(path: string): Endpoint | undefined {
  const match = /\/v1\/([a-z]+)$/.exec(path);
  return match ? ENDPOINTS[match[1]!] : undefined;
}

/**
 * Okta issues a refresh token whenever `offline_access` is asked for (with the refresh_token grant);
 * oidc-provider, as OpenID Connect Core says, only with `prompt=consent`. Adding `consent` (which
 * asks nothing here) makes the two agree. `prompt=none` must stay alone, so it is left as it is.
 */
function askConsentForOfflineAccess(req: Request): void {
  const url = new URL(req.url, 'http://mock.invalid');
  const scope = url.searchParams.get('scope') ?? '';
  const prompt = url.searchParams.get('prompt') ?? '';
  const prompts = prompt.split(' ').filter(Boolean);
  if (!scope.split(' ').includes('offline_access') || prompts.includes('consent') || prompts.includes('none')) return;
  url.searchParams.set('prompt', [...prompts, 'consent'].join(' '));
  req.url = `${url.pathname}${url.search}`;
}

/** What faults need from one server: its keys, and a JWKS that can publish more of them. */
function faultServerOf(spec: AuthorizationServerSpec): OidcFaultServer {
  const extra: JWK[] = [];
  const { kty, kid, alg, e, n } = spec.signingKey;
  return {
    issuer: spec.issuer,
    signingKey: spec.signingKey,
    // The public half as oidc-provider's JWKS lists it (same members, same order).
    publishedSigningKey: { kty, use: 'sig', kid, alg, e, n },
    extraPublishedKeys: () => extra,
    publishKey(jwk) {
      extra.push(jwk);
      if (extra.length > MAX_EXTRA_PUBLISHED_KEYS) extra.splice(0, extra.length - MAX_EXTRA_PUBLISHED_KEYS);
    },
  };
}

/**
 * oidc-provider writes its endpoints (discovery, redirects) from the request's host and scheme; Okta's
 * are always under the org's origin. The org's origin is what the request is made to say it came
 * through (the provider trusts these headers, ./authorization-server.ts), whatever Host a client
 * sent: behind --public-url (a port mapping, a TLS-terminating proxy) discovery still names the
 * public origin, and a forged X-Forwarded-Host changes nothing.
 */
function seenFromOrigin(req: Request, origin: string): void {
  const { host, protocol } = new URL(origin);
  req.headers['x-forwarded-host'] = host;
  req.headers['x-forwarded-proto'] = protocol.slice(0, -1);
  delete req.headers['x-forwarded-port'];
}

/** Where an interaction that wants a fresh sign-in remembers the org session it met. */
const FRESH_SIGN_IN_NAMESPACE = 'interaction:sessionMet';

/**
 * prompt=login, or a max_age the session is older than: Okta asks for the password again even from
 * a browser with a session. The interaction remembers the session it met (none: ''); only a session
 * made after it (signing in makes a new one) answers it, so coming back without signing in meets
 * the sign-in page again. True when the browser was sent to sign in.
 */
function askedToSignInAgain(details: { uid: string; prompt: { reasons?: string[] } }, ports: OidcPorts, records: OidcRecords, ttl: number, req: Request, res: Response): boolean {
  const reasons = details.prompt.reasons ?? [];
  if (!reasons.includes('login_prompt') && !reasons.includes('max_age')) return false;
  const sessionNow = ports.currentSessionId(req) ?? '';
  const kept = records.get(FRESH_SIGN_IN_NAMESPACE, details.uid)?.['sessionMet'];
  const sessionMet = typeof kept === 'string' ? kept : sessionNow;
  if (kept === undefined) records.put(FRESH_SIGN_IN_NAMESPACE, details.uid, { sessionMet }, ttl);
  if (sessionNow !== '' && sessionNow !== sessionMet) return false;
  res.redirect(ports.signInPath(req.originalUrl, true));
  return true;
}

async function finishInteraction(server: Server, ports: OidcPorts, records: OidcRecords, interactionTtl: number, req: Request, res: Response): Promise<void> {
  const { provider } = server;
  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    res.status(400).type('html').send(
      ports.renderErrorPage({ status: 400, code: 'IDP_OIDC_INTERACTION_EXPIRED', title: 'This sign-in has expired', detail: 'Start again from the app: this sign-in took too long, was already finished, or the mock IdP was restarted.' }),
    );
    return;
  }
  const userId = ports.currentUserId(req);
  if (!userId && ports.sessionUserInactive(req)) {
    res.status(USER_INACTIVE.status).type('html').send(ports.renderErrorPage(USER_INACTIVE));
    return;
  }
  if (askedToSignInAgain(details, ports, records, interactionTtl, req, res)) return;
  if (!userId) {
    res.redirect(ports.signInPath(req.originalUrl));
    return;
  }
  const clientId = String(details.params['client_id']);
  if (!ports.isAssigned(userId, clientId)) {
    res.status(USER_NOT_ASSIGNED.status).type('html').send(ports.renderErrorPage(USER_NOT_ASSIGNED));
    return;
  }
  // Login and (skipped) consent in one go: the grant is made by loadExistingGrant. `consent: {}`
  // answers an explicit prompt=consent too; without it such a request would loop back here.
  await provider.interactionFinished(req, res, { login: { accountId: userId }, consent: {} }, { mergeWithLastSubmission: false });
}

export async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID().replace(/-/g, ''), alg: 'RS256', use: 'sig' };
}
