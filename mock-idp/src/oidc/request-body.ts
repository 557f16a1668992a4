/**
 * Reading a form body before oidc-provider does (it reads the request stream itself), and handing it
 * a copy of the request that carries the body again, possibly changed.
 */
import { IncomingMessage } from 'node:http';

/** oidc-provider's own bound on a body it reads. */
const MAX_FORM_BYTES = 56 * 1024;

/** The body, or undefined past MAX_FORM_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A copy of `req` carrying `body` instead of what it had (its stream is read already). */
export function withBody(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method!;
  copy.url = req.url!;
  copy.httpVersion = req.httpVersion;
  copy.headers = { ...req.headers, 'content-length': String(body.length) };
  copy.rawHeaders = req.rawHeaders;
  // A message read to its end: without `complete`, node would count it as aborted and close the socket.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

