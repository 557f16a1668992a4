/**
 * What a secure RP's own authorization requests look like, as rows: the judge of a `strong-requests`
 * case (./verdict.ts) runs the rows a case names over the requests the mock IdP's inspector recorded
 * for its sign-ins. A row returns one line per weakness it finds, naming the sign-in, the parameter
 * and the value, so a failure says exactly what was weak. A new request rule is a new row.
 *
 * The sources: RFC 9700 §2.1.1 (PKCE with S256, or at least a one-time nonce), RFC 7636 §4.2 and
 * §7.1 (S256; a verifier with 256 bits, never reused), RFC 6749 §10.10 and RFC 9700 §4.7.1 (state
 * unguessable, bound to the browser), OIDC Core §3.1.2.1 and §15.5.2 (nonce unguessable, one per
 * request). 128 bits is the floor RFC 6749 §10.10 asks of a guessable value's odds (2^-128).
 */

/** The decoded query of one authorization request, as the SP sent it. */
export type RequestParameters = Readonly<Record<string, string>>;

/** The requests each sign-in of a case sent (a sign-in that went round twice sends one request twice). */
export type SignInRequests = readonly RequestParameters[];

export interface RequestCheck {
  name: string;
  /** The rule in a few words, for the case's "expected:" line. */
  rule: string;
  /** One line per weakness, empty when the requests keep the rule. */
  weaknesses(signIns: readonly SignInRequests[]): string[];
}

/** Entropy a value must carry as sent; the RFCs ask 128 bits of an unguessable value. */
export const MIN_ENTROPY_BITS = 128;

/**
 * Fewer distinct characters than this is a pattern, not randomness: 128 random bits in any common
 * alphabet (22 base64url, 32 hex, 39 decimal characters) show at least this many, bar odds below 1e-9.
 */
const MIN_DISTINCT_CHARACTERS = 4;

/** The smallest usual alphabet a value fits in, and the bits one character of it can carry. */
function bitsPerCharacter(value: string): number {
  if (/^[0-9]+$/.test(value)) return Math.log2(10);
  if (/^[0-9a-f]+$/i.test(value)) return 4;
  if (/^[A-Za-z0-9_~.+/=-]+$/.test(value)) return 6;
  // Anything else: printable ASCII at best.
  return Math.log2(95);
}

/** Why a value cannot hold MIN_ENTROPY_BITS as sent, or undefined when it can. */
export function entropyShortfall(value: string): string | undefined {
  const bits = Math.floor(value.length * bitsPerCharacter(value));
  if (bits < MIN_ENTROPY_BITS) return `${value.length} characters carry at most ${bits} bits`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) return `only ${new Set(value).size} distinct character(s)`;
  return undefined;
}

const shown = (value: string): string => (value.length > 60 ? `"${value.slice(0, 57)}…"` : `"${value}"`);

/** Every request, with the words that name it in a weakness ("sign-in 2"). */
function eachRequest(signIns: readonly SignInRequests[]): { where: string; params: RequestParameters }[] {
  return signIns.flatMap((requests, index) => requests.map((params) => ({ where: `sign-in ${index + 1}`, params })));
}

/** A row that wants `name` present and unguessable in every request. */
function unguessable(name: string, rule: string): RequestCheck {
  return {
    name: `${name}-entropy`,
    rule,
    weaknesses: (signIns) =>
      eachRequest(signIns).flatMap(({ where, params }) => {
        const value = params[name];
        if (value === undefined || value === '') return [`${where} sent no ${name}`];
        const shortfall = entropyShortfall(value);
        return shortfall ? [`${where} sent ${name} ${shown(value)}: ${shortfall}, under ${MIN_ENTROPY_BITS}`] : [];
      }),
  };
}

/** A code_challenge of S256 is the base64url SHA-256 of the verifier: 43 characters, no padding (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const REQUEST_CHECKS: readonly RequestCheck[] = [
  {
    name: 'pkce-s256',
    rule: 'a code_challenge with code_challenge_method=S256',
    weaknesses: (signIns) =>
      eachRequest(signIns).flatMap(({ where, params }) => {
        const challenge = params['code_challenge'];
        // RFC 7636 §4.3: no method means plain.
        const method = params['code_challenge_method'] ?? '(none, which means plain)';
        if (challenge === undefined || challenge === '') return [`${where} sent no code_challenge (no PKCE)`];
        if (method !== 'S256') return [`${where} sent code_challenge_method ${method}, not S256`];
        if (!S256_CHALLENGE.test(challenge)) return [`${where} sent code_challenge ${shown(challenge)}, not a base64url SHA-256 (43 characters)`];
        return [];
      }),
  },
  unguessable('state', `a state of ≥ ${MIN_ENTROPY_BITS} bits`),
  unguessable('nonce', `a nonce of ≥ ${MIN_ENTROPY_BITS} bits`),
  {
    name: 'fresh',
    rule: 'no state, nonce or code_challenge (so no verifier) used by two sign-ins',
    weaknesses: (signIns) => {
      const out: string[] = [];
      for (const name of ['state', 'nonce', 'code_challenge']) {
        // Where each value was first sent; the same request sent twice within one sign-in is one use.
        const firstSeen = new Map<string, number>();
        signIns.forEach((requests, index) => {
          for (const value of new Set(requests.map((params) => params[name]).filter((v): v is string => v !== undefined && v !== ''))) {
            const earlier = firstSeen.get(value);
            if (earlier === undefined) firstSeen.set(value, index);
            else out.push(`sign-in ${index + 1} sent the ${name} of sign-in ${earlier + 1} again: ${shown(value)}`);
          }
        });
      }
      return out;
    },
  },
];

export const REQUEST_CHECK_NAMES: readonly string[] = REQUEST_CHECKS.map((check) => check.name);

/** The weaknesses the named rows find, in the rows' order. */
export function requestWeaknesses(names: readonly string[], signIns: readonly SignInRequests[]): string[] {
  return REQUEST_CHECKS.filter((check) => names.includes(check.name)).flatMap((check) => check.weaknesses(signIns));
}

/** The rules the named rows stand for, for people. */
export function requestRules(names: readonly string[]): string {
  return REQUEST_CHECKS.filter((check) => names.includes(check.name))
    .map((check) => check.rule)
    .join('; ');
}
