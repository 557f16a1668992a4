// A raw HTTP client for fuzzing: node:http sends the path exactly as given (fetch would normalize
// "..", re-encode and refuse some headers), with a time limit, and reads the whole answer.
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target as sent, e.g. "/sso/saml/acs/%zz?x=1". */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request to `origin` (http://127.0.0.1:port) and returns the answer; rejects on a network error or after timeoutMs. */
export function sendRaw(origin: string, req: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
  const url = new URL(origin);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers, connection: 'close' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms: ${req.method} ${req.path}`)));
    r.on('error', reject);
    r.end(body);
  });
}

/** The payload of a chunked body, as far as it can be read (a loose reader: it never throws). */
function dechunk(raw: string): string {
  let out = '';
  let rest = raw;
  for (;;) {
    const m = /^([0-9a-fA-F]+)[^\r\n]*\r\n/.exec(rest);
    if (!m) return out + rest;
    const size = parseInt(m[1]!, 16);
    if (size === 0) return out;
    out += rest.slice(m[0].length, m[0].length + size);
    rest = rest.slice(m[0].length + size + 2);
  }
}

/**
 * Writes raw bytes to the server (a malformed request line, bad headers, a broken chunked body…)
 * and reads whatever comes back until the server closes or timeoutMs passes. The answer is parsed
 * loosely (status line, then the body after the blank line); `status` is 0 when nothing came back.
 */
export function sendBytes(origin: string, bytes: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const done = (): void => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = split === -1 ? '' : text.slice(split + 4);
      resolve({ status, headers, body: /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(raw) : raw });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', done);
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? done() : reject(err)));
    socket.on('connect', () => socket.end(bytes));
  });
}
