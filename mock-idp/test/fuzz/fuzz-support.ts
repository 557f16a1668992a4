/**
 * What the mock IdP's fuzz tests share: fast-check parameters (seeded, bounded, replayable), the
 * property every answer must have, and arbitraries for the inputs a browser, an SP or an API client
 * can send.
 *
 * Seeds: every run uses a fresh seed unless FUZZ_SEED is set; a failure prints the seed and the
 * counterexample's path, and `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx tsx --test <file>` replays it.
 * FUZZ_RUNS scales the number of runs of every property (default: each property's own).
 */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';

const envNumber = (name: string): number | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : Number(value);
};

/** fast-check parameters for one property: `runs` unless FUZZ_RUNS says otherwise. */
export function fuzzParameters<T>(runs: number): fc.Parameters<T> {
  const seed = envNumber('FUZZ_SEED') ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const path = process.env['FUZZ_PATH'];
  return {
    seed,
    numRuns: envNumber('FUZZ_RUNS') ?? runs,
    ...(path ? { path } : {}),
    // A bound on a property's time, whatever FUZZ_RUNS says (shrinking included).
    interruptAfterTimeLimit: 60_000,
    reporter(details) {
      if (details.failed) {
        const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`;
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n${cause}\nreplay with: ${replay}`);
      }
    },
  };
}

/** Runs an async property with fuzzParameters. */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  runs: number,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => Promise<void>,
): Promise<void> {
  await fc.assert(fc.asyncProperty<Ts>(...arbitraries, predicate), fuzzParameters(runs));
}

/** Text of an internal detail that must never reach a client. */
const LEAKS: [string, RegExp][] = [
  ['a stack trace', /\n\s+at [^\n]+\(?[^\n]*:\d+:\d+\)?/],
  ['a project path', /\/work\//],
  ['a dependency path', /node_modules/],
  ['a TypeScript source position', /\.ts:\d+/],
];

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  location: string | null;
}

export async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), location: response.headers.get('location') };
}

/**
 * The property of every answer: a success (2xx/3xx) or a coded 4xx (Okta's error page with an
 * `IDP_…` code, Okta's error JSON with `E0000…`, an OAuth error JSON, or an OAuth error posted to
 * the app), and never a 5xx, a stack trace or an internal path.
 */
export function assertCodedAnswer(answer: Answer, what: string): void {
  const context = `${what} → ${answer.status} ${answer.body.slice(0, 300)}`;
  assert.ok(answer.status < 500, `a 5xx: ${context}`);
  for (const [name, pattern] of LEAKS) assert.ok(!pattern.test(answer.body), `${name} in the body: ${context}`);
  if (answer.status < 400) return;
  if (answer.contentType.includes('json')) {
    const body = JSON.parse(answer.body) as { errorCode?: unknown; error?: unknown };
    assert.ok(
      (typeof body.errorCode === 'string' && /^E\d{7}$/.test(body.errorCode)) || (typeof body.error === 'string' && body.error.length > 0),
      `a JSON 4xx without errorCode or error: ${context}`,
    );
    return;
  }
  // An OAuth error for the app with response_mode=form_post is a form carrying `error` to it.
  const postsOAuthError = /<form method="post"/.test(answer.body) && /name="error" value="[a-z_]+"/.test(answer.body);
  assert.ok(/data-error-code="(IDP_[A-Z_]+)"/.test(answer.body) || postsOAuthError, `a 4xx without a coded page: ${context}`);
}

// Arbitraries ---------------------------------------------------------------------------------------

/** Strings that exercise decoders: percent signs, unicode, control characters, long runs. */
export const nastyString = (maxLength = 64): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength, unit: 'binary' }),
    fc.string({ maxLength }),
    fc.constantFrom('', '%', '%ZZ', '%E0%A4%A', '%00', '..', '../..', '//evil.example', '/\\evil', 'javascript:alert(1)', '\u0000', '\r\n', 'é', '💥', '%2F%2Fevil.example', '?a=b#c'),
    fc.array(fc.constantFrom('%', 'Z', '2', 'F', '/', '\\', '.', ':', 'a', '%C0', '%AF'), { maxLength: 20 }).map((parts) => parts.join('')),
  );

/** A path segment as it goes on the wire: sometimes encoded, sometimes raw garbage. */
export const pathSegment = (): fc.Arbitrary<string> =>
  fc.oneof(
    nastyString(40).map((value) => encodeURIComponent(value)),
    fc.array(fc.constantFrom('%', 'ZZ', 'E0', 'A4', 'C0', 'AF', 'a', '0', '.', '-', '_', '~', '%25'), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
  );

/** Any JSON value, shallow enough for an HTTP body. */
export const jsonValue = (): fc.Arbitrary<unknown> => fc.jsonValue({ maxDepth: 4 });

/**
 * A valid object with a few random changes: a field replaced by any JSON value, removed, or one
 * added. Finds what a reader misses better than random JSON, which is refused at its first field.
 */
export function mutated(valid: object): fc.Arbitrary<unknown> {
  const change = fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add'), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 12 }));
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const copy = structuredClone(valid) as Record<string, unknown>;
    for (const [index, kind, value, key] of changes) {
      const holders = containers(copy);
      const [holder, field] = holders[index % holders.length]!;
      if (kind === 'add') (holder as Record<string, unknown>)[key] = value;
      else if (kind === 'delete' && field !== undefined) {
        if (Array.isArray(holder)) holder.splice(Number(field), 1);
        else delete (holder as Record<string, unknown>)[field];
      } else if (field !== undefined) (holder as Record<string | number, unknown>)[field] = value;
    }
    return copy;
  });
}

/** Every (container, key) pair in a JSON tree; (container, undefined) for the container itself. */
function containers(root: unknown): [object, string | undefined][] {
  const out: [object, string | undefined][] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    out.push([node, undefined]);
    for (const key of Object.keys(node)) {
      out.push([node, key]);
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  return out;
}

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** An AuthnRequest whose every attribute may be odd, or an XML fragment that is not one. */
export const authnRequestXml = (acsUrls: string[]): fc.Arbitrary<string> => {
  const attribute = (name: string, value: fc.Arbitrary<string>) => fc.option(value.map((v) => ` ${name}="${escapeAttribute(v)}"`), { nil: '' });
  const request = fc
    .tuple(
      attribute('ID', fc.oneof(fc.constant('_r1'), nastyString(30))),
      attribute('Version', fc.constantFrom('2.0', '1.1', '')),
      attribute('AssertionConsumerServiceURL', fc.oneof(fc.constantFrom(...acsUrls, 'https://evil.example/acs'), nastyString(30))),
      attribute('AssertionConsumerServiceIndex', fc.oneof(fc.constantFrom('0', '1', '99999', '-1', '1e3'), nastyString(8))),
      attribute('ProtocolBinding', fc.constantFrom('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact', '')),
      attribute('ForceAuthn', fc.constantFrom('true', 'false', '1', 'x')),
      fc.option(nastyString(30).map((issuer) => `<saml:Issuer>${escapeText(issuer)}</saml:Issuer>`), { nil: '' }),
      fc.constantFrom('samlp:AuthnRequest', 'samlp:LogoutRequest', 'AuthnRequest'),
    )
    .map(([id, version, acs, index, binding, force, issuer, element]) =>
      `<${element} xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}"${id}${version}${acs}${index}${binding}${force}>${issuer}</${element}>`,
    );
  const fragment = fc.constantFrom(
    '<samlp:AuthnRequest',
    `<!DOCTYPE x [<!ENTITY a "b">]><samlp:AuthnRequest xmlns:samlp="${SAMLP}" ID="_x" Version="2.0">&a;</samlp:AuthnRequest>`,
    `<?xml version="1.0" encoding="UTF-16"?><a/>`,
    '<a><b></a>',
    '<![CDATA[x]]>',
    '',
    `<samlp:AuthnRequest xmlns:samlp="${SAMLP}" ID="_x" Version="2.0"><saml:Issuer xmlns:saml="${SAML}"><x/></saml:Issuer></samlp:AuthnRequest>`,
  );
  return fc.oneof({ weight: 3, arbitrary: request }, { weight: 1, arbitrary: fragment }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) });
};

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A SAMLRequest parameter as an SP (or an attacker) might send it on `binding`. */
export const samlRequestParam = (binding: 'redirect' | 'post', acsUrls: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: authnRequestXml(acsUrls).map((xml) => (binding === 'redirect' ? deflateRawSync(Buffer.from(xml)) : Buffer.from(xml)).toString('base64')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64')) },
    { weight: 1, arbitrary: nastyString(100) },
  );
