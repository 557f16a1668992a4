// An OpenID Provider for the SP's tests: the real mock IdP's OIDC module (createOrgOidc, Okta's org
// and `default` authorization servers on oidc-provider) with a small fake org around it (users,
// a sign-in route that signs in as `signInAs`, clients added per test), as in
// mock-idp/test/oidc/authorization-servers.test.ts.
//
// Beside it, a "forge" issuer at {origin}/forge: discovery and a JWKS holding a key the test owns,
// so tokens with a wrong iss/aud/exp can be signed by a key the SP trusts (the mock's own keys never
// leave it). Token endpoint calls are counted (a refused state must make none).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { createOrgOidc, type OidcClientRecord, type OidcUserRecord, type OrgOidc } from '../../../mock-idp/src/oidc/index.ts';

export interface TestKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

export async function makeTestKey(kid: string = randomUUID()): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }, kid };
}

export interface TestOp {
  origin: string;
  oidc: OrgOidc;
  /** Issuer of the forge OP, whose signing key is `forgeKey`. */
  forgeIssuer: string;
  forgeKey: TestKey;
  /** Requests that reached a token endpoint so far. */
  tokenCalls(): number;
  addClient(redirectUri: string): OidcClientRecord;
  addUser(email: string): string;
  /** The user the fake Okta sign-in page signs in as. */
  signInAs(userId: string): void;
  /** Signs claims with the forge key (header overridable). */
  forge(claims: JWTPayload, header?: Record<string, unknown>, key?: TestKey): Promise<string>;
  /** RS256 over any header at all (jose's SignJWT refuses some, e.g. an unknown `crit`). */
  forgeRaw(header: Record<string, unknown>, claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startTestOp(): Promise<TestOp> {
  let origin = '';
  let signInAs = '';
  let tokenCalls = 0;
  const clients = new Map<string, OidcClientRecord>();
  const users = new Map<string, OidcUserRecord>();
  const sessions = new Map<string, string>();
  const forgeKey = await makeTestKey();
  const sid = (cookie: string | undefined): string => /test_sid=([^;]+)/.exec(cookie ?? '')?.[1] ?? '';

  const oidc = createOrgOidc({
    get origin() {
      return origin;
    },
    orgId: 'sptestorg',
    findClient: (id) => clients.get(id),
    findUser: (id) => users.get(id),
    currentUserId: (req) => sessions.get(sid(req.headers.cookie)),
    currentSessionId: (req) => (sessions.has(sid(req.headers.cookie)) ? sid(req.headers.cookie) : undefined),
    sessionUserInactive: () => false,
    endSession: (req) => sessions.delete(sid(req.headers.cookie)),
    signInPath: (returnTo) => `/test-sign-in?fromURI=${encodeURIComponent(returnTo)}`,
    isAssigned: () => true,
    renderErrorPage: (error) => `<div data-testid="okta-error" data-error-code="${error.code}">${error.title}</div>`,
    now: () => Math.floor(Date.now() / 1000),
  });

  const app = express();
  app.use((req, _res, next) => {
    if (/\/token$/.test(req.path)) tokenCalls += 1;
    next();
  });
  app.get('/forge/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: `${origin}/forge`,
      authorization_endpoint: `${origin}/forge/authorize`,
      token_endpoint: `${origin}/forge/token`,
      jwks_uri: `${origin}/forge/keys`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
  app.get('/forge/keys', (_req, res) => {
    res.json({ keys: [forgeKey.publicJwk] });
  });
  app.get('/test-sign-in', (req, res) => {
    const id = `s${randomUUID()}`;
    sessions.set(id, signInAs);
    res.setHeader('set-cookie', `test_sid=${id}; Path=/; HttpOnly`);
    res.redirect(String(req.query.fromURI));
  });
  app.use(oidc.router);

  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let clientCount = 0;
  return {
    origin,
    oidc,
    forgeIssuer: `${origin}/forge`,
    forgeKey,
    tokenCalls: () => tokenCalls,
    addClient(redirectUri) {
      clientCount += 1;
      const client: OidcClientRecord = {
        client_id: `0oaspclient${String(clientCount).padStart(9, '0')}`,
        client_secret: `secret-${randomUUID()}-${randomUUID()}`,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        require_pkce: true,
      };
      clients.set(client.client_id, client);
      return client;
    },
    addUser(email) {
      const id = `00u${randomUUID().replace(/-/g, '').slice(0, 17)}`;
      users.set(id, { id, login: email, email, firstName: 'Test', lastName: 'User', groups: [] });
      return id;
    },
    signInAs(userId) {
      signInAs = userId;
    },
    async forge(claims, header = {}, key = forgeKey) {
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header }).sign(key.privateKey);
    },
    async forgeRaw(header, claims) {
      const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
      const input = `${b64({ alg: 'RS256', kid: forgeKey.kid, ...header })}.${b64(claims)}`;
      const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', forgeKey.privateKey, new TextEncoder().encode(input));
      return `${input}.${Buffer.from(signature).toString('base64url')}`;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
