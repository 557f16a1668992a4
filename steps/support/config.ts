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
}

export const ENV = {
  idpUrl: 'SSO_CONFORMANCE_IDP_URL',
  spUrl: 'SSO_CONFORMANCE_SP_URL',
  spDriver: 'SSO_CONFORMANCE_SP_DRIVER',
  browserPath: 'SSO_CONFORMANCE_BROWSER',
  keepTraces: 'SSO_CONFORMANCE_KEEP_TRACES',
} as const;

export class HarnessConfigError extends Error {
  readonly code = 'HARNESS_CONFIG_MISSING';
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
  };
}
