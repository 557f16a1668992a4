// Listening is separate from building the app: start on 127.0.0.1 (port 0 = a free port), with the
// HTTP server's own limits (header size, time to receive a request), and a close() that also ends
// idle keep-alive sockets so tests and Ctrl-C finish promptly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSpApp } from './app.ts';
import { resolveLimits, type SpLimits } from './limits.ts';
import type { Store } from './store.ts';

export interface ReferenceSpOptions {
  port?: number;
  clock?: () => Date;
  log?: (line: string) => void;
  /** Overrides of the defaults in src/limits.ts. */
  limits?: Partial<SpLimits>;
  /** State to start from, e.g. what a previous instance kept (a restart with a persistent store). */
  store?: Store;
}

export interface ReferenceSp {
  url: string;
  close(): Promise<void>;
}

export async function createReferenceSp(options: ReferenceSpOptions = {}): Promise<ReferenceSp> {
  let url = '';
  const limits = resolveLimits(options.limits);
  const { app } = createSpApp({
    baseUrl: () => url,
    limits,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  const server: Server = createServer(
    { maxHeaderSize: limits.maxHeaderBytes, headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
