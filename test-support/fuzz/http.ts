// A raw HTTP client for fuzzing: node:http sends the path exactly as given (fetch would normalize
// "..", re-encode and refuse some headers), with a time limit, and reads the whole answer.
import { request } from 'node:http';

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
