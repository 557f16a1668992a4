/**
 * The `run` command's options, checked once: every value is turned into what the run uses (numbers,
 * absolute paths) or refused as HARNESS_USAGE with the option named. Paths resolve against the
 * directory the command was typed in: for `npm run conformance` in a clone npm moves to the project
 * root and says where the user was in INIT_CWD; anywhere else (npx, a script of the user's own
 * package) the current directory is that place.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STATE_DIR } from '../mock-idp/src/state/state-dir.ts';
import { DEFAULT_TIMEOUTS } from '../steps/support/config.ts';
import { HarnessStop } from './errors.ts';

export const RUNTIMES = ['embedded', 'containers'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export interface RunOptions {
  help: boolean;
  spUrl: string | undefined;
  /** `reference`, or an absolute path. */
  spDriver: string;
  spSettings: string[];
  idpUrl: string | undefined;
  runtime: Runtime;
  /** The embedded mock IdP and reference SP over https (runner/https.ts). */
  https: boolean;
  tags: string | undefined;
  names: string[];
  parallel: number;
  browser: string | undefined;
  keepTraces: boolean;
  /** Absolute. */
  reportsDir: string;
  stepTimeoutMs: number;
  outcomeTimeoutMs: number;
}

export const usage = (prog: string): string => `usage: ${prog} [options]

Runs the SSO conformance features in a headless browser against an SP: the reference SP started in
this process, or yours (--sp-url with --sp-driver).

  --sp-url URL           the SP to test, instead of starting the reference SP
  --sp-driver NAME       "reference" (default), or a path to a driver: a .ts/.js module exporting
                         createSpDriver, or a .yaml/.json declarative driver (init-driver writes one)
  --sp-setting K=V       a setting for the SP driver (repeatable); also SSO_CONFORMANCE_SP_SETTINGS='{"K":"V"}'
  --idp-url URL          the mock IdP host to use, instead of starting one in this process
  --runtime NAME         embedded (default): what is not given by URL starts in this process;
                         containers: the mock IdP (and the reference SP, without --sp-url) start in
                         containers (testcontainers, host network, loopback only)
  --https                the embedded mock IdP and reference SP over https, with certificates from
                         the mock IdP's local CA (${DEFAULT_STATE_DIR}/ca/), trusted by Node
                         (NODE_EXTRA_CA_CERTS) and by Chromium (the CA's key hash), nothing broader
  --tags EXPR            cucumber tag expression, e.g. "@saml and not @security"
  --name REGEX           run only scenarios whose name matches (repeatable)
  --parallel N           worker processes, each with its own browser (default 1)
  --browser PATH         browser executable (else SSO_CONFORMANCE_BROWSER, Playwright's, /usr/bin/chromium)
  --keep-traces          keep the Playwright trace of every scenario, not only failed ones
  --reports DIR          where the reports go (default: reports)
  --step-timeout S       seconds one step may take (default ${DEFAULT_TIMEOUTS.stepMs / 1000})
  --outcome-timeout S    seconds the SP may take to show a sign-in's result (default ${DEFAULT_TIMEOUTS.outcomeMs / 1000})
  -h, --help             this text

Before any scenario the driver is loaded and the SP and the IdP must answer; otherwise the run stops
with one coded line (HARNESS_DRIVER_NOT_FOUND, HARNESS_DRIVER_INVALID, HARNESS_SP_UNREACHABLE,
HARNESS_IDP_UNREACHABLE, …) and exit status 2. Exit 0: every scenario that ran passed; 1: one failed
or none ran.

Reports: DIR/cucumber.html, DIR/junit.xml; traces of failed scenarios in DIR/traces/.`;

/** The directory the user typed the command in. */
export function callerDirectory(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env['npm_package_name'] === 'sso-conformance' && env['INIT_CWD'] ? env['INIT_CWD'] : cwd;
}

export function parseRunOptions(argv: string[], base = callerDirectory()): RunOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'sp-url': { type: 'string' },
        'sp-driver': { type: 'string', default: 'reference' },
        'sp-setting': { type: 'string', multiple: true, default: [] },
        'idp-url': { type: 'string' },
        runtime: { type: 'string', default: 'embedded' },
        https: { type: 'boolean', default: false },
        tags: { type: 'string' },
        name: { type: 'string', multiple: true, default: [] },
        parallel: { type: 'string', default: '1' },
        browser: { type: 'string' },
        'keep-traces': { type: 'boolean', default: false },
        reports: { type: 'string', default: 'reports' },
        'step-timeout': { type: 'string' },
        'outcome-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new HarnessStop('HARNESS_USAGE', (error as Error).message);
  }
  const parallel = Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 0) throw new HarnessStop('HARNESS_USAGE', '--parallel takes a whole number');
  if (!(RUNTIMES as readonly string[]).includes(values.runtime)) throw new HarnessStop('HARNESS_USAGE', `--runtime takes ${RUNTIMES.join(' or ')}, not "${values.runtime}"`);
  if (values.https && values['idp-url']) throw new HarnessStop('HARNESS_USAGE', '--https is for the embedded mock IdP; with --idp-url, give the browser and Node the CA of that IdP yourself');
  if (values.https && values.runtime !== 'embedded') throw new HarnessStop('HARNESS_USAGE', '--https runs the embedded mock IdP and reference SP; it does not go with --runtime containers');
  for (const [option, url] of [['--sp-url', values['sp-url']], ['--idp-url', values['idp-url']]] as const) {
    if (url !== undefined && !isHttpUrl(url)) throw new HarnessStop('HARNESS_USAGE', `${option} takes an http(s) URL such as http://127.0.0.1:8080, not "${url}"`);
  }
  const path = (value: string): string => (isAbsolute(value) ? value : resolve(base, value));
  const driver = values['sp-driver'];
  return {
    help: values.help,
    spUrl: values['sp-url']?.replace(/\/+$/, ''),
    spDriver: driver === 'reference' ? driver : path(driver),
    spSettings: values['sp-setting'],
    idpUrl: values['idp-url']?.replace(/\/+$/, ''),
    runtime: values.runtime as Runtime,
    https: values.https,
    tags: values.tags,
    names: values.name,
    parallel,
    browser: values.browser === undefined ? undefined : path(values.browser),
    keepTraces: values['keep-traces'],
    reportsDir: path(values.reports),
    stepTimeoutMs: seconds(values['step-timeout'], '--step-timeout', DEFAULT_TIMEOUTS.stepMs),
    outcomeTimeoutMs: seconds(values['outcome-timeout'], '--outcome-timeout', DEFAULT_TIMEOUTS.outcomeMs),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function seconds(value: string | undefined, option: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > 3600) throw new HarnessStop('HARNESS_USAGE', `${option} takes seconds between 0 and 3600, not "${value}"`);
  return Math.round(number * 1000);
}
