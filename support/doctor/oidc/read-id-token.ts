/** An id_token decoded for reading: its header and claims as JSON, its signature as sent. Nothing is trusted. */

export interface IdTokenRead {
  token: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

function jsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function readIdToken(token: string): { ok: true; idToken: IdTokenRead } | { ok: false; reason: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: `a JWS has 3 parts, this has ${parts.length}` };
  const header = jsonPart(parts[0]!);
  const payload = jsonPart(parts[1]!);
  if (!header) return { ok: false, reason: 'the header is not base64url JSON' };
  if (!payload) return { ok: false, reason: 'the payload is not base64url JSON (an encrypted token?)' };
  return { ok: true, idToken: { token, header, payload, signature: parts[2]! } };
}

/** A NumericDate claim as milliseconds, when it is a number. */
export function numericDate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : undefined;
}
