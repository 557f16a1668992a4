// Listening is separate from building the app: start on 127.0.0.1 (port 0 = a free port), with the
// HTTP server's own limits (header size, time to receive a request), and a close() that also ends
// idle keep-alive sockets so tests and Ctrl-C finish promptly.
//
// What never reaches express — a request Node's HTTP parser refuses (an unknown method, a bad
// request line or header, conflicting lengths, a broken chunked body), headers over the limit, a
// request too slow to arrive, an Expect header it cannot meet — is answered here, with a coded JSON body like the API's errors
// instead of Node's bare status line.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSpApp } from './app.ts';
import { resolveLimits, type SpLimits } from './limits.ts';
import type { Store } from './store.ts';
import type { Weakening } from './weakenings.ts';

export interface ReferenceSpOptions {
  port?: number;
  clock?: () => Date;
  log?: (line: string) => void;
  /** Overrides of the defaults in src/limits.ts. */
  limits?: Partial<SpLimits>;
  /** State to start from, e.g. what a previous instance kept (a restart with a persistent store). */
  store?: Store;
  /** Bearer token of the operator API (/api/operator); a random one when not given. */
  operatorToken?: string;
  /** TEST ONLY: see SpAppOptions.weakenedForMutationTesting; the CLI never sets it. */
  weakenedForMutationTesting?: Weakening;
  /**
   * Serve https with this key and certificate chain (PEM), as a real SP beside an https IdP: a SAML
   * Response posted from an https IdP page to an http SP is a cross-site request, which does not
   * carry the SP's SameSite=Lax session cookie.
   */
  tls?: { key: string; cert: string };
}

export interface ReferenceSp {
  url: string;
  /** The operator API's token (the one given, or the random one made at start). */
  operatorToken: string;
  close(): Promise<void>;
}

const CLIENT_ERRORS: Record<string, [number, string, 'HEADERS_TOO_LARGE' | 'REQUEST_TIMEOUT', string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'the request headers are larger than this server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'the request took too long to arrive'],
};

/** Node's 'clientError': the request could not be read. A coded answer when the socket can still take one. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A response already under way on this socket must not be followed by a second one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || err.code === 'ECONNRESET' || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'BAD_REQUEST', 'the request could not be read'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function createReferenceSp(options: ReferenceSpOptions = {}): Promise<ReferenceSp> {
  let url = '';
  const limits = resolveLimits(options.limits);
  const { app, operatorToken } = createSpApp({
    baseUrl: () => url,
    limits,
    ...(options.operatorToken ? { operatorToken: options.operatorToken } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.weakenedForMutationTesting ? { weakenedForMutationTesting: options.weakenedForMutationTesting } : {}),
  });
  const serverOptions = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node would answer a missing Host with a bare 400; the app refuses it with a code instead.
    requireHostHeader: false,
  };
  const server: Server = options.tls ? createTlsServer({ ...serverOptions, ...options.tls }, app) : createServer(serverOptions, app);
  server.on('clientError', answerClientError);
  // An Expect other than 100-continue: refused with a code (Node's own 417 has no body).
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({ error: { code: 'EXPECTATION_FAILED', message: 'this server only understands Expect: 100-continue' } });
    res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', connection: 'close' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    operatorToken,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
