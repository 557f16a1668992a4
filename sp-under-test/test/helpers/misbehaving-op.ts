// A tiny OpenID Provider on 127.0.0.1 that misbehaves on demand: each of its three documents
// (discovery, JWKS, token response) can answer normally, hang, answer 5xx, or be far too large —
// with a Content-Length, or chunked without one. In "ok" mode the token endpoint issues a real
// RS256 id_token for `email` (with the nonce of the authorization request the test hands it), so a
// test can prove the happy path works before it breaks one piece.
import { once } from 'node:events';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT } from 'jose';
import { makeTestKey, type TestKey } from './test-op.ts';

export type Misbehaviour = 'ok' | 'hang' | '500' | '503' | 'huge' | 'huge-chunked' | 'slow-body';

export interface MisbehavingOp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How each document answers from now on. */
  set(doc: 'discovery' | 'jwks' | 'token', mode: Misbehaviour): void;
  /** The next "ok" token response carries an id_token with this nonce and email. */
  expect(nonce: string, email: string): void;
  /** Requests each document received so far. */
  calls(doc: 'discovery' | 'jwks' | 'token'): number;
  /** Signs an id_token with the OP's key (for Okta Simplified posts). */
  idToken(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** Bytes a "huge" document sends: far above any sane cap, small enough for a test. */
export const HUGE_BYTES = 4 * 1024 * 1024;

function misbehave(res: ServerResponse, mode: Exclude<Misbehaviour, 'ok'>, held: Set<ServerResponse>): void {
  switch (mode) {
    case 'hang':
      held.add(res); // never answered; closed with the server
      return;
    case '500':
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
      return;
    case '503':
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      return;
    case 'huge':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE_BYTES + 2) }).end(`"${'x'.repeat(HUGE_BYTES)}"`);
      return;
    case 'huge-chunked': {
      // No Content-Length: the reader only learns the size by counting.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < HUGE_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('{}');
      };
      pump();
      return;
    }
    case 'slow-body':
      // Headers at once, then the body never finishes: only a timeout on the whole read ends it.
      held.add(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
      return;
  }
}

export async function startMisbehavingOp(): Promise<MisbehavingOp> {
  const key: TestKey = await makeTestKey();
  const modes = { discovery: 'ok', jwks: 'ok', token: 'ok' } as Record<'discovery' | 'jwks' | 'token', Misbehaviour>;
  const counts = { discovery: 0, jwks: 0, token: 0 };
  const held = new Set<ServerResponse>();
  let origin = '';
  let expected = { nonce: '', email: '' };
  const clientId = '0oamisbehaving';
  const clientSecret = 'misbehaving-secret-0123456789';
  const sign = (claims: Record<string, unknown>): Promise<string> =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);

  const app = express();
  app.get('/.well-known/openid-configuration', (_req, res) => {
    counts.discovery += 1;
    if (modes.discovery !== 'ok') return misbehave(res, modes.discovery, held);
    res.json({
      issuer: origin,
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/token`,
      jwks_uri: `${origin}/keys`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
  app.get('/keys', (_req, res) => {
    counts.jwks += 1;
    if (modes.jwks !== 'ok') return misbehave(res, modes.jwks, held);
    res.json({ keys: [key.publicJwk] });
  });
  app.post('/token', async (_req, res) => {
    counts.token += 1;
    if (modes.token !== 'ok') return misbehave(res, modes.token, held);
    const now = Math.floor(Date.now() / 1000);
    const idToken = await sign({ iss: origin, aud: clientId, sub: '00umisbehaving', email: expected.email, nonce: expected.nonce, iat: now, exp: now + 300 });
    res.json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken, scope: 'openid profile email' });
  });

  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: origin,
    clientId,
    clientSecret,
    set: (doc, mode) => void (modes[doc] = mode),
    expect: (nonce, email) => void (expected = { nonce, email }),
    calls: (doc) => counts[doc],
    idToken: (claims) => sign({ iss: origin, aud: clientId, sub: '00umisbehaving', ...claims }),
    close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
