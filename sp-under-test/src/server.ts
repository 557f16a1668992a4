// Listening is separate from building the app: start on 127.0.0.1 (port 0 = a free port), and a
// close() that also ends idle keep-alive sockets so tests and Ctrl-C finish promptly.
import type { AddressInfo } from 'node:net';
import { createSpApp } from './app.ts';

export interface ReferenceSpOptions {
  port?: number;
  clock?: () => Date;
  log?: (line: string) => void;
  /** Bearer token of the operator API (/api/operator); a random one when not given. */
  operatorToken?: string;
}

export interface ReferenceSp {
  url: string;
  /** The operator API's token (the one given, or the random one made at start). */
  operatorToken: string;
  close(): Promise<void>;
}

export async function createReferenceSp(options: ReferenceSpOptions = {}): Promise<ReferenceSp> {
  let url = '';
  const { app, operatorToken } = createSpApp({
    baseUrl: () => url,
    ...(options.operatorToken ? { operatorToken: options.operatorToken } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
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
