// URL comparison for Destination and Recipient: exact, except that the scheme and host may differ
// in letter case (they are case-insensitive by RFC 3986); the path, port and query must match exactly.
export function sameEndpoint(received: string, expected: string): boolean {
  if (received === expected) return true;
  const split = (u: string): [string, string] | null => {
    const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(.*)$/s.exec(u);
    return m ? [m[1]!.toLowerCase(), m[2]!] : null;
  };
  const a = split(received);
  const b = split(expected);
  return a !== null && b !== null && a[0] === b[0] && a[1] === b[1];
}
