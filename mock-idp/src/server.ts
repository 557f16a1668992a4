/**
 * Listening and closing, apart from building the app: one HTTP (or HTTPS) server per org, always on
 * 127.0.0.1 (port 0 = any free port). close() also drops idle keep-alive sockets, so it returns at
 * once instead of waiting for browsers' idle connections to time out.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsIdentity } from './tls/local-ca.ts';

export interface Listener {
  url: string;
  port: number;
  /** Attaches the request handler once the origin (and so the app) is known. */
  serve(handler: RequestListener): void;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';

/**
 * `maxHeaderBytes`: request line and headers together; node answers 431 past it. With `tls` (the
 * org's certificate from the local CA, src/tls/) the org is served over https.
 */
export async function listen(port = 0, maxHeaderBytes = 16 * 1024, tls?: TlsIdentity): Promise<Listener> {
  const server: Server = tls
    ? createTlsServer({ maxHeaderSize: maxHeaderBytes, key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' })
    : createServer({ maxHeaderSize: maxHeaderBytes });
  // Longer than any client's idle timeout, so a client never reuses a socket the server is just
  // closing (a reset on the next request); close() drops idle sockets itself.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `${tls ? 'https' : 'http'}://${LOOPBACK}:${bound}`,
    port: bound,
    serve(handler) {
      server.on('request', handler);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still in flight get a moment to finish, then their sockets go too.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}
