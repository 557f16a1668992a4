/**
 * The runner's coded stops. Each is one line on stderr (`conformance: CODE: what and how to fix it`)
 * and exit status 2, before any scenario runs; the codes are stable, the text is for people.
 */
export const HARNESS_STOPS = {
  HARNESS_USAGE: 'an option is unknown or its value is not what it takes',
  HARNESS_DRIVER_NOT_FOUND: 'no file at the --sp-driver path (resolved against the directory the command was run from)',
  HARNESS_DRIVER_INVALID: 'the driver does not load, or is not a usable driver (a missing method, an unknown capability, a bad declarative file)',
  HARNESS_SP_UNREACHABLE: 'nothing answers HTTP at --sp-url',
  HARNESS_IDP_UNREACHABLE: 'nothing answers HTTP at --idp-url',
  HARNESS_IDP_NOT_MOCK: 'something answers at --idp-url, but it cannot make mock IdP orgs (POST /mock/v1/orgs): not the mock IdP host URL',
  HARNESS_BROWSER_NOT_FOUND: 'no Chromium to run the features in',
  HARNESS_SP_SETTINGS_INVALID: 'an --sp-setting or SSO_CONFORMANCE_SP_SETTINGS is malformed',
  HARNESS_CONTAINER_RUNTIME_UNAVAILABLE: '--runtime containers, but no container engine answers (or testcontainers is not installed)',
  HARNESS_IMAGE_MISSING: '--runtime containers, but the mock IdP or reference SP image is not built',
  HARNESS_CONTAINER_FAILED: 'a container did not start or did not become ready',
} as const;
export type HarnessStopCode = keyof typeof HARNESS_STOPS;

export class HarnessStop extends Error {
  constructor(
    readonly code: HarnessStopCode,
    message: string,
  ) {
    super(message);
  }
}
