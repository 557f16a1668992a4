// Fuzzing every route of the reference SP (issue 8), property-based with fast-check, seeded and
// bounded: each property has a number of runs and a time budget (the whole file stays well under
// 20 s on a loaded 2-core machine). FUZZ_SEED replays a failure, FUZZ_RUNS scales runs and budgets
// (see test-support/fuzz/run.ts).
//
// The property, for every answer: a success, a redirect, or a coded refusal — a 4xx, or the
// documented 502 (an OpenID Provider down or misbehaving) / 503 (a limit reached) — and never a
// stack trace or an internal path in the body. The inputs: path segments with bad
// percent-encoding, odd methods, query strings, headers and content types on every route;
// sign-up/sign-in forms; /sso keys; the ACS with base64 garbage, XML fragments and mutated real
// signed responses; OIDC callback and initiate-login parameters; Okta Simplified id_tokens
// (garbage, JWS-shaped, mutated real ones); the settings form (urlencoded, multipart) and the JSON API.
//
// No request leaves the machine: the OpenID Provider is a local fake, issuers the fuzzer types are
// loopback or refused before discovery, and a guard on fetch fails the run if the SP ever tries
// another host.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import {
  assertCodedAnswer,
  bodyText,
  checkAsyncProperty,
  contentType,
  headerValue,
  messyText,
  mutated,
  oddHeaders,
  pathSegment,
  queryString,
  sendBytes,
  sendRaw,
  type RawAnswer,
  type RawRequest,
} from '../../test-support/fuzz/index.ts';
import { testIdText } from './helpers/http.ts';
import { startMisbehavingOp, type MisbehavingOp } from './helpers/misbehaving-op.ts';
import { orgApi, signupOrg, type SpOrg } from './helpers/sp-org.ts';
import { b64, buildResponseXml, defaultFields, makeTestIdpKey, signResponseXml, type TestIdpKey } from './helpers/test-idp.ts';

const IDP_ISSUER = 'http://127.0.0.1:9/exk-fuzz';
const CODED = { allowedServerStatuses: [502, 503] };

// --- the no-outbound guard ---------------------------------------------------------------------
const realFetch = globalThis.fetch;
const offLoopback: string[] = [];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
before(() => {
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!LOOPBACK.has(url.hostname)) {
      offLoopback.push(url.href);
      return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('blocked by the fuzz test'), { code: 'ENOTFOUND' }) }));
    }
    return realFetch(input, init);
  };
});
after(() => {
  globalThis.fetch = realFetch;
  assert.deepEqual(offLoopback, [], 'the SP tried to reach a host off this machine');
});

// --- the SP under fuzz, with one org per protocol and an admin session -----------------------
let sp: ReferenceSp;
let op: MisbehavingOp;
let idpKey: TestIdpKey;
let samlOrg: SpOrg & { acsUrl: string; entityId: string; portalKey: string };
let oidcOrg: SpOrg & { portalKey: string };
/** An org whose settings the fuzzer rewrites (the other two keep theirs). */
let adminOrg: SpOrg & { cookie: string; csrf: string };
let signedResponses: string[];
let idTokens: string[];

before(async () => {
  sp = await createReferenceSp({ port: 0 });
  op = await startMisbehavingOp();
  idpKey = makeTestIdpKey('fuzz-idp');

  const s = await signupOrg(sp.url, 'fuzzsaml');
  const portalKey = `fz-${s.orgId.slice(0, 8)}`;
  const res = await orgApi(sp.url, s, 'PUT', '/sso', { portalKey, idpSsoUrl: 'http://127.0.0.1:9/sso', idpIssuer: IDP_ISSUER, idpCertificate: idpKey.certificatePem, allowIdpInitiated: true, provisioning: 'jit' });
  const j = (await res.json()) as { spAcsUrl: string; spEntityId: string };
  samlOrg = { ...s, acsUrl: j.spAcsUrl, entityId: j.spEntityId, portalKey };

  const o = await signupOrg(sp.url, 'fuzzoidc');
  const oidcKey = `fo-${o.orgId.slice(0, 8)}`;
  const saved = await orgApi(sp.url, o, 'PUT', '/sso', { protocol: 'oidc', portalKey: oidcKey, oidcIssuer: op.issuer, oidcClientId: op.clientId, oidcClientSecret: op.clientSecret, acceptOktaSimplified: true, provisioning: 'jit' });
  assert.equal(saved.status, 200);
  oidcOrg = { ...o, portalKey: oidcKey };

  const a = await signupOrg(sp.url, 'fuzzadmin');
  const html = await (await a.owner.get(`${sp.url}/settings/sso`)).text();
  adminOrg = { ...a, cookie: `sp_session=${a.owner.cookie('sp_session')}`, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! };
  assert.ok(testIdText(html, 'sso-org-id'));

  // Real signed responses (unsolicited, accepted by the JIT org the first time, replays after).
  signedResponses = Array.from({ length: 4 }, (_, i) => {
    const f = defaultFields({ now: new Date(), idpIssuer: IDP_ISSUER, acsUrl: samlOrg.acsUrl, audience: samlOrg.entityId, email: `fuzz${i}@saml.example`, inResponseTo: null });
    return signResponseXml(buildResponseXml(f), idpKey, i % 2 ? 'both' : 'assertion');
  });
  const now = Math.floor(Date.now() / 1000);
  idTokens = await Promise.all([0, 1, 2].map((i) => op.idToken({ email: `fuzz${i}@oidc.example`, iat: now, exp: now + 600, jti: `fuzz-${i}` })));
});
after(async () => {
  await op.close();
  await sp.close();
});

/** Sends and checks one request; the answer for further checks. A HEAD answer has no body to carry a code: its status must still be right. */
async function coded(req: RawRequest): Promise<RawAnswer> {
  const answer = await sendRaw(sp.url, req);
  const what = `${req.method} ${req.path.slice(0, 200)}`;
  if (req.method === 'HEAD') assert.ok(answer.status < 500 || CODED.allowedServerStatuses.includes(answer.status), `${what} → ${answer.status}`);
  else assertCodedAnswer(answer, what, CODED);
  return answer;
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

/** A cookie header: none, garbage, or an unknown session id (the admin's only where a test asks for it). */
const cookie = fc.oneof(
  fc.constant(undefined),
  headerValue.map((v) => `sp_session=${v.replace(/[;\s]/g, '')}`),
  fc.constantFrom('sp_session=', 'sp_session=%', 'sp_session=%zz; sp_session=x', 'sp_session=j:{"a":1}', 's:sp_session=x'),
);

function headers(extra: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out;
}

// --- routes and parameters -----------------------------------------------------------------------

/** Route templates; ":org" is replaced by a real org id or a fuzzed segment. */
const ROUTES = [
  '/',
  '/signup',
  '/signin',
  '/signout',
  '/home',
  '/sso',
  '/sso/saml/acs/:org',
  '/sso/saml/metadata/:org',
  '/sso/oidc/callback/:org',
  '/sso/oidc/initiate/:org',
  '/settings/sso',
  '/settings/members',
  '/api/orgs/:org/sso',
  '/api/orgs/:org/members',
  '/api/orgs/:org/invitations',
  '/api/:org',
  '/assets/app.css',
  '/assets/:org',
  '/:org',
  '/:org/:org',
] as const;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'M-SEARCH', 'FOO'] as const;

void describe('fuzz: every route', () => {
  void it('path segments with bad percent-encoding, odd methods, queries, headers and bodies → coded answers', { timeout: 120_000 }, async () => {
    const orgSegment = fc.oneof(pathSegment, fc.constantFrom(() => samlOrg.orgId, () => oidcOrg.orgId).map((f) => f()));
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.array(orgSegment, { minLength: 2, maxLength: 2 }),
        fc.constantFrom(...METHODS),
        fc.option(queryString, { nil: undefined }),
        fc.option(pathSegment, { nil: undefined }),
        contentType,
        oddHeaders,
        cookie,
        fc.option(bodyText, { nil: undefined }),
        async (route, segments, method, query, suffix, type, extra, session, body) => {
          let i = 0;
          const path = route.replace(/:org/g, () => segments[i++ % 2]!) + (suffix === undefined ? '' : `/${suffix}`) + (query === undefined ? '' : `?${query}`);
          const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
          await coded({
            method,
            path,
            headers: headers({ ...extra, 'content-type': type, cookie: session, 'transfer-encoding': undefined, expect: undefined }),
            ...(withBody ? { body } : {}),
          });
        },
      ),
      { numRuns: 400, timeLimitMs: 2000 },
    );
  });
});

void describe('fuzz: bytes on the wire', () => {
  void it('malformed request lines, headers, lengths and chunked bodies → a coded answer, or the connection closed without one', { timeout: 60_000 }, async () => {
    const host = new URL(sp.url).host;
    const line = fc.tuple(
      fc.oneof(fc.constantFrom(...METHODS, 'get', 'G ET', '', 'CONNECT', 'PRI'), fc.string({ maxLength: 6, unit: 'binary-ascii' })),
      fc.oneof(fc.constantFrom('/', '/signin', '*', 'http://evil.example/', '/sso?key=%zz', '//', ''), pathSegment.map((s) => `/${s}`), fc.string({ maxLength: 10, unit: 'binary-ascii' })),
      fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 x', '', 'http/1.1'),
    ).map(([m, t, v]) => `${m} ${t} ${v}`);
    const header = fc.oneof(
      fc.constantFrom(`Host: ${host}`, 'Host:', 'Content-Length: 5', 'Content-Length: -1', 'Content-Length: 1, 2', 'Content-Length: 99999999999999999999', 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked\r\nContent-Length: 3', 'Content-Type: application/x-www-form-urlencoded', 'Content-Type: multipart/form-data; boundary=x', 'Expect: 100-continue', 'Expect: nonsense', 'Connection: upgrade\r\nUpgrade: websocket', ' folded', 'NoColon', ': empty-name', 'X-\u0000: y', 'Cookie: sp_session=%zz'),
      fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.string({ maxLength: 20, unit: 'binary-ascii' })).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
    );
    const body = fc.oneof(fc.constant(''), fc.constantFrom('abcde', '0\r\n\r\n', 'zz\r\n', '5\r\nab\r\n0\r\n\r\n', 'ffffffffffffffff\r\n'), fc.string({ maxLength: 40, unit: 'binary-ascii' }));
    await checkAsyncProperty(
      fc.asyncProperty(line, fc.array(header, { maxLength: 5 }), body, async (requestLine, headerLines, payload) => {
        const bytes = `${requestLine}\r\n${headerLines.join('\r\n')}${headerLines.length ? '\r\n' : ''}\r\n${payload}`;
        const answer = await sendBytes(sp.url, Buffer.from(bytes, 'latin1'), 3000);
        if (answer.status === 0) return; // closed without an answer: nothing leaked, nothing broke
        if (requestLine.startsWith('HEAD ')) return assert.ok(answer.status < 500, `HEAD → ${answer.status}`); // no body to carry a code
        assertCodedAnswer(answer, JSON.stringify(bytes.slice(0, 120)), CODED);
      }),
      { numRuns: 150, timeLimitMs: 1500 },
    );
    // And the server still serves.
    assert.equal((await sendRaw(sp.url, { method: 'GET', path: '/signin' })).status, 200);
  });
});

void describe('fuzz: account forms', () => {
  void it('sign-up and sign-in with odd fields, with and without a valid CSRF token → coded answers', { timeout: 120_000 }, async () => {
    // A session and its token, as a browser that loaded the form has.
    const page = await sendRaw(sp.url, { method: 'GET', path: '/signin' });
    const session = String(page.headers['set-cookie']).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const field = fc.oneof(messyText(6), fc.emailAddress(), fc.constantFrom('', ' ', 'a@b.c', 'x'.repeat(300), adminOrg.ownerEmail, 'owner password'));
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom('/signup', '/signin'),
        fc.record({ organization: field, email: field, password: field }, { requiredKeys: [] }),
        fc.boolean(),
        fc.oneof(fc.constant('application/x-www-form-urlencoded'), contentType),
        async (path, fields, withCsrf, type) => {
          const body = form({ ...(withCsrf ? { _csrf: csrf } : {}), ...fields } as Record<string, string>);
          await coded({ method: 'POST', path, headers: headers({ 'content-type': type, cookie: session }), body });
        },
      ),
      // Each valid-looking sign-up hashes a password (scrypt, tens of ms): few runs.
      { numRuns: 60, timeLimitMs: 1500 },
    );
  });

  void it('/sso with odd keys and the portal form → coded answers', { timeout: 60_000 }, async () => {
    const key = fc.oneof(messyText(4), fc.constantFrom(() => samlOrg.portalKey, () => oidcOrg.portalKey).map((f) => encodeURIComponent(f())));
    await checkAsyncProperty(
      fc.asyncProperty(fc.array(key, { maxLength: 2 }), cookie, async (keys, session) => {
        const query = keys.map((k) => `key=${k.replace(/[#\s]/g, '')}`).join('&');
        await coded({ method: 'GET', path: `/sso${query ? `?${query}` : ''}`, headers: headers({ cookie: session }) });
      }),
      { numRuns: 150, timeLimitMs: 800 },
    );
  });
});

void describe('fuzz: the SAML ACS', () => {
  void it('base64 garbage, XML fragments and mutated real signed responses → coded answers', { timeout: 120_000 }, async () => {
    const xmlFragment = fc.oneof(
      fc.constantFrom(
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/></samlp:Response>',
        '<x/>',
        '<?xml version="1.0"?>',
        '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>',
        '',
      ),
      messyText(8),
    );
    const samlResponse = fc.oneof(
      { weight: 1, arbitrary: fc.base64String({ maxLength: 400 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
      { weight: 2, arbitrary: xmlFragment.map(b64) },
      { weight: 5, arbitrary: fc.constant(0).chain(() => mutated(signedResponses)).map(b64) },
      { weight: 2, arbitrary: fc.constant(0).chain(() => mutated(signedResponses.map(b64), ['=', '==', '+', '/', '%', ' ', '\n', 'A'])) },
      { weight: 1, arbitrary: fc.constant(0).map(() => b64(signedResponses[0]!)) },
    );
    await checkAsyncProperty(
      fc.asyncProperty(
        samlResponse,
        fc.option(messyText(3), { nil: undefined }),
        fc.oneof({ weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') }, { weight: 1, arbitrary: contentType }),
        cookie,
        fc.boolean(),
        async (response, relayState, type, session, repeated) => {
          const fields = { SAMLResponse: response, ...(relayState === undefined ? {} : { RelayState: relayState }) };
          const body = repeated ? `${form(fields)}&SAMLResponse=x` : form(fields);
          await coded({ method: 'POST', path: new URL(samlOrg.acsUrl).pathname, headers: headers({ 'content-type': type, cookie: session }), body });
        },
      ),
      { numRuns: 250, timeLimitMs: 2000 },
    );
  });
});

void describe('fuzz: OpenID Connect', () => {
  void it('callback and initiate-login parameters → coded answers', { timeout: 120_000 }, async () => {
    const param = fc.oneof(messyText(4).map((v) => v.replace(/[#\s&]/g, '')), fc.constantFrom('', 'access_denied', op.issuer, encodeURIComponent(op.issuer), '/home', '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example'));
    const names = fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'session_state', 'login_hint', 'target_link_uri', 'id_token', 'response', 'iss[]');
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom('callback', 'initiate'),
        fc.constantFrom('GET', 'POST'),
        fc.array(fc.tuple(names, param), { maxLength: 5 }),
        fc.boolean(),
        contentType,
        cookie,
        async (route, method, pairs, realState, type, session) => {
          let query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
          let cookieHeader = session;
          if (realState) {
            // A state this SP really issued, bound to the browser that carries it.
            const start = await sendRaw(sp.url, { method: 'GET', path: `/sso?key=${oidcOrg.portalKey}` });
            cookieHeader = String(start.headers['set-cookie']).split(';')[0];
            const auth = new URL(String(start.headers.location));
            op.expect(auth.searchParams.get('nonce') ?? '', 'fuzz-oidc@oidc.example');
            query = `state=${encodeURIComponent(auth.searchParams.get('state') ?? '')}&${query}`;
          }
          const path = `/sso/oidc/${route}/${oidcOrg.orgId}`;
          if (method === 'GET') await coded({ method, path: `${path}?${query}`, headers: headers({ cookie: cookieHeader }) });
          else await coded({ method, path, headers: headers({ cookie: cookieHeader, 'content-type': type ?? 'application/x-www-form-urlencoded' }), body: query });
        },
      ),
      { numRuns: 200, timeLimitMs: 1500 },
    );
  });

  void it('Okta Simplified id_token posts: garbage, JWS-shaped, mutated real tokens → coded answers', { timeout: 120_000 }, async () => {
    const segment = fc.oneof(fc.base64String({ maxLength: 60 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')), fc.constantFrom('', 'e30', 'eyJhbGciOiJub25lIn0', 'eyJhbGciOiJIUzI1NiJ9', 'bnVsbA', 'W10'));
    const idToken = fc.oneof(
      fc.tuple(segment, segment, segment).map((p) => p.join('.')),
      fc.constant(0).chain(() => mutated(idTokens, ['.', '..', '=', '-', '_', 'A', '%'])),
      fc.constant(0).map(() => idTokens[0]!),
      messyText(5),
      fc.constant('x'.repeat(20_000)),
    );
    await checkAsyncProperty(
      fc.asyncProperty(idToken, fc.option(messyText(3), { nil: undefined }), fc.boolean(), async (token, state, withError) => {
        const body = form({ id_token: token, ...(state === undefined ? {} : { state }), ...(withError ? { error: 'x' } : {}) });
        await coded({ method: 'POST', path: `/sso/oidc/callback/${oidcOrg.orgId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      }),
      { numRuns: 150, timeLimitMs: 1000 },
    );
  });
});

// --- settings form and JSON API ----------------------------------------------------------------

/** Issuers the fuzzer may type: all either refused before discovery or on this machine. */
const ISSUERS = () => [op.issuer, `${op.issuer}/`, 'http://127.0.0.1:9', 'https://127.0.0.1:9/oauth2/default', 'http://dev-123.okta.com', 'ftp://127.0.0.1', 'https://user:pw@127.0.0.1', 'http://[::1', '', ' ', 'http://127.0.0.1:9/?x=1'];

const settingsValue = (name: string): fc.Arbitrary<unknown> => {
  switch (name) {
    case 'oidcIssuer':
      return fc.constantFrom(...ISSUERS());
    case 'protocol':
      return fc.constantFrom('saml', 'oidc', 'SAML', 'ws-fed', '', 1, null);
    case 'idpMetadataXml':
      return fc.oneof(messyText(6), fc.constantFrom('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'), mutated(signedResponses));
    case 'idpCertificate':
      return fc.oneof(messyText(4), fc.constant(idpKey.certificatePem), mutated([idpKey.certificateBody]));
    default:
      return fc.oneof(messyText(4), fc.constantFrom('on', 'true', 'jit', 'invite-only', 'enforced', 'mixed', 'member', 'admin', 'owner'), fc.stringMatching(/^k-[a-z0-9_]{3,8}$/), fc.jsonValue({ maxDepth: 2 }));
  }
};

const SETTINGS_FIELDS = ['protocol', 'portalKey', 'idpSsoUrl', 'idpIssuer', 'idpCertificate', 'idpMetadataXml', 'allowIdpInitiated', 'provisioning', 'enforcement', 'oidcIssuer', 'oidcClientId', 'oidcClientSecret', 'acceptOktaSimplified'];

/** Built once the servers run (some values are the test's own keys and issuer). */
function settingsInput(): fc.Arbitrary<Record<string, unknown>> {
  return fc.subarray(SETTINGS_FIELDS).chain((names) => fc.tuple(...names.map((n) => settingsValue(n))).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]]))));
}

function multipart(fields: Record<string, string>, boundary: string): string {
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"${k === 'idpMetadata' ? '; filename="m.xml"' : ''}\r\n\r\n${v}\r\n`);
  return `${parts.join('')}--${boundary}--\r\n`;
}

void describe('fuzz: settings form and JSON API', () => {
  void it('the SSO settings form (urlencoded and multipart, odd boundaries) and the members form → coded answers', { timeout: 120_000 }, async () => {
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom('/settings/sso', '/settings/members'),
        settingsInput(),
        fc.constantFrom('urlencoded', 'multipart', 'broken-multipart'),
        fc.oneof(fc.constant('xYz123'), fc.string({ maxLength: 20, unit: 'grapheme-ascii' }).map((b) => b.replace(/[\r\n"]/g, ''))),
        fc.boolean(),
        async (path, input, encoding, boundary, withCsrf) => {
          const fields: Record<string, string> = { ...(withCsrf ? { _csrf: adminOrg.csrf } : {}), email: String(input.portalKey ?? '') };
          for (const [k, v] of Object.entries(input)) fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
          const req: RawRequest =
            encoding === 'urlencoded'
              ? { method: 'POST', path, headers: { cookie: adminOrg.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) }
              : {
                  method: 'POST',
                  path,
                  headers: { cookie: adminOrg.cookie, 'content-type': `multipart/form-data; boundary=${encoding === 'multipart' ? boundary : `"${boundary}`}` },
                  body: encoding === 'multipart' ? multipart(fields, boundary) : multipart(fields, boundary).slice(0, 50),
                };
          await coded(req);
        },
      ),
      { numRuns: 150, timeLimitMs: 1500 },
    );
  });

  void it('the JSON API: any JSON body, types and content types, with the token or the admin session → coded answers', { timeout: 120_000 }, async () => {
    const body = fc.oneof(
      { weight: 4, arbitrary: settingsInput().map((o) => JSON.stringify(o)) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.record({ email: fc.oneof(fc.emailAddress(), fc.jsonValue()), role: fc.jsonValue(), password: fc.jsonValue() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: bodyText },
    );
    await checkAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom('PUT /sso', 'GET /sso', 'POST /invitations', 'GET /members', 'DELETE /sso', 'POST /sso'),
        body,
        fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentType }),
        fc.constantFrom('token', 'session', 'session-no-csrf', 'bad-token', 'none'),
        async (route, payload, type, auth) => {
          const [method, sub] = route.split(' ') as [string, string];
          const authHeaders: Record<string, string | undefined> = {
            token: { authorization: `Bearer ${adminOrg.apiToken}` },
            session: { cookie: adminOrg.cookie, 'x-csrf-token': adminOrg.csrf },
            'session-no-csrf': { cookie: adminOrg.cookie },
            'bad-token': { authorization: 'Bearer %zz' },
            none: {},
          }[auth] as Record<string, string | undefined>;
          await coded({
            method,
            path: `/api/orgs/${adminOrg.orgId}${sub}`,
            headers: headers({ ...authHeaders, 'content-type': type }),
            ...(method === 'GET' ? {} : { body: payload }),
          });
        },
      ),
      { numRuns: 200, timeLimitMs: 1500 },
    );
  });
});
