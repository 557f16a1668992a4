// The only way the SP reads from the OpenID Provider (discovery, JWKS, token, userinfo): a fetch
// for openid-client's and jose's `customFetch` that
//
//   - bounds the whole exchange, body included, by a timeout (a hung or trickling OP never holds a
//     request of ours longer than that);
//   - reads at most maxResponseBytes of the (decompressed) body, refusing as soon as a declared
//     Content-Length or the running count is over it (a huge document is never read, let alone kept);
//   - turns "the OP is not working" — unreachable, timed out, any 5xx — into one error the error
//     table maps to SSO_OIDC_PROVIDER_UNAVAILABLE, so a 500 from the token endpoint is never
//     mistaken for an invalid token.
//
// Everything else (4xx with an OAuth error body, 200 with a bad document) is handed back to the
// library as a Response, to be judged by the protocol checks.

export type OpHttpErrorCode = 'SP_OP_UNAVAILABLE' | 'SP_OP_RESPONSE_TOO_LARGE';

export class OpHttpError extends Error {
  readonly code: OpHttpErrorCode;
  constructor(code: OpHttpErrorCode, message: string) {
    super(message);
    this.name = 'OpHttpError';
    this.code = code;
  }
}

export interface OpHttpLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/** What both libraries pass to a custom fetch (openid-client's CustomFetchOptions, jose's FetchImplementation). */
export interface OpFetchInit {
  method: string;
  headers: Record<string, string> | Headers;
  body?: unknown;
  redirect?: 'manual';
  signal?: AbortSignal | undefined;
}

export type OpFetch = (url: string, init: OpFetchInit) => Promise<Response>;

/** Statuses whose Response must have no body. */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'the identity provider';
  }
}

function unavailable(url: string, why: string): OpHttpError {
  return new OpHttpError('SP_OP_UNAVAILABLE', `${where(url)} ${why}`);
}

function tooLarge(url: string, limit: number): OpHttpError {
  return new OpHttpError('SP_OP_RESPONSE_TOO_LARGE', `${where(url)} sent more than ${limit} bytes`);
}

function networkReason(err: unknown): string {
  const cause = err instanceof Error && err.cause && typeof err.cause === 'object' ? (err.cause as { code?: unknown }) : {};
  return typeof cause.code === 'string' ? `could not be reached (${cause.code})` : 'could not be reached';
}

async function readAtMost(res: Response, limit: number, url: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(url, limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The answer again, with the body already read (so the library never touches the socket). */
function rebuilt(res: Response, body: Uint8Array<ArrayBuffer>): Response {
  const headers = new Headers(res.headers);
  // The body is decompressed and complete now; these would describe the wire form.
  headers.delete('content-encoding');
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  return new Response(NULL_BODY_STATUS.has(res.status) ? null : body, { status: res.status, statusText: res.statusText, headers });
}

export function boundedOpFetch(limits: OpHttpLimits): OpFetch {
  return async (url, init) => {
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const timedOut = (): OpHttpError => unavailable(url, `did not answer within ${limits.timeoutMs} ms`);
    let res: Response;
    try {
      res = await fetch(url, { ...(init as RequestInit), signal });
    } catch (err) {
      throw signal.aborted ? timedOut() : unavailable(url, networkReason(err));
    }
    if (res.status >= 500) {
      await res.body?.cancel().catch(() => {});
      throw unavailable(url, `answered HTTP ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxResponseBytes) {
      await res.body?.cancel().catch(() => {});
      throw tooLarge(url, limits.maxResponseBytes);
    }
    try {
      return rebuilt(res, await readAtMost(res, limits.maxResponseBytes, url));
    } catch (err) {
      if (err instanceof OpHttpError) throw err;
      throw signal.aborted ? timedOut() : unavailable(url, `broke off its answer`);
    }
  };
}
