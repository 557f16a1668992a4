/**
 * What one conformance run is pointed at. The runner (scripts/conformance.ts) starts the embedded
 * stack or takes URLs from the command line, then hands them to the step code through the
 * environment, because cucumber's parallel workers are separate processes that share nothing else.
 */
export interface HarnessConfig {
  /** Host origin of the mock IdP: fresh orgs are created there with POST /mock/v1/orgs. */
  idpUrl: string;
  /** Origin of the SP under test. */
  spUrl: string;
  /** Which SP driver to load: `reference`, or a path to a module exporting `createSpDriver`. */
  spDriver: string;
  /** An explicit browser executable, when the user chose one. */
  browserPath: string | undefined;
  /** Keep the Playwright trace of every scenario, not only failed ones. */
  keepTraces: boolean;
  /** Settings for the SP driver (`--sp-setting key=value`), e.g. the reference SP's operatorToken. */
  spSettings: Readonly<Record<string, string>>;
  /** Key hashes (base64 SHA-256 SPKI) of CAs the browser trusts: the mock IdP's local CA under --https. */
  trustedSpki: string[];
}

export const ENV = {
  idpUrl: 'SSO_CONFORMANCE_IDP_URL',
  spUrl: 'SSO_CONFORMANCE_SP_URL',
  spDriver: 'SSO_CONFORMANCE_SP_DRIVER',
  browserPath: 'SSO_CONFORMANCE_BROWSER',
  keepTraces: 'SSO_CONFORMANCE_KEEP_TRACES',
  /** A JSON object of strings: the SP driver's settings. */
  spSettings: 'SSO_CONFORMANCE_SP_SETTINGS',
  /** Comma-separated CA key hashes the browser trusts (set by --https). */
  trustedSpki: 'SSO_CONFORMANCE_TRUSTED_SPKI',
} as const;

export class HarnessConfigError extends Error {
  readonly code = 'HARNESS_CONFIG_MISSING';
}

export class SpSettingsError extends Error {
  readonly code = 'HARNESS_SP_SETTINGS_INVALID';
}

/** Parses SSO_CONFORMANCE_SP_SETTINGS: a JSON object whose values are strings. */
export function parseSpSettings(json: string | undefined): Record<string, string> {
  if (!json) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SpSettingsError(`${ENV.spSettings} must be a JSON object of strings, e.g. {"operatorToken":"…"}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new SpSettingsError(`${ENV.spSettings} must be a JSON object of strings, e.g. {"operatorToken":"…"}`);
  }
  return { ...(parsed as Record<string, string>) };
}

/** `key=value` pairs of `--sp-setting` (repeatable); the first `=` splits, so values may hold more. */
export function parseSpSettingOptions(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new SpSettingsError(`--sp-setting takes key=value, got "${pair}"`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

export function readHarnessConfig(env: NodeJS.ProcessEnv = process.env): HarnessConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) {
      throw new HarnessConfigError(
        `${name} is not set: run the features with \`npm run conformance\`, which starts the stack and sets it`,
      );
    }
    return value.replace(/\/+$/, '');
  };
  return {
    idpUrl: required(ENV.idpUrl),
    spUrl: required(ENV.spUrl),
    spDriver: env[ENV.spDriver] || 'reference',
    browserPath: env[ENV.browserPath] || undefined,
    keepTraces: env[ENV.keepTraces] === '1',
    spSettings: parseSpSettings(env[ENV.spSettings]),
    trustedSpki: (env[ENV.trustedSpki] ?? '').split(',').filter(Boolean),
  };
}
