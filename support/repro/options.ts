/** The repro's command line, read once: a bad one is REPRO_ARGS_INVALID (exit status 2). */
import { readFile, stat } from 'node:fs/promises';
import { readCommandLine } from '../command-line.ts';
import { ReproError } from './errors.ts';
import type { ReproEntry } from './sign-in.ts';

export const USAGE = `usage: npm run repro -- <okta-app.json> --user <user.json> [options]

Rebuilds a customer's Okta app in the mock IdP and signs in against an SP in a browser, then
reports what the SP did and explains what the mock sent (the doctor). <okta-app.json> is the app
as Okta's GET /api/v1/apps/{id} returns it (SAML_2_0 or OPENID_CONNECT); <user.json> the person,
as GET /api/v1/users/{id} returns them or just their profile.

  --user FILE              the person to sign in as (required)
  --sp-url URL             the SP to sign in to (default: the reference SP, started in process)
  --sp-driver MODULE       its driver: "reference" or a module exporting createSpDriver (as for
                           npm run conformance); required with --sp-url
  --sp-setting KEY=VALUE   a driver setting; repeatable
  --entry WHERE            direct-url | portal-key | login-with-okta | dashboard (the Okta tile);
                           default: the first the SP offers
  --keep-urls              keep the app's ACS URL, audience or redirect URIs as the customer has
                           them (kept anyway when they are on the SP's origin)
  --out FILE               write the mock's org as a tenant file (npm run idp -- --tenant FILE)
  --trace                  print the mock's inspector trace too
  --browser PATH           the Chromium to use (default: as npm run conformance finds one)
  --help

Exit status: 0 the SP signed the person in, 1 it did not, 2 the setup failed (one coded line).`;

export interface ReproCommand {
  appFile: string;
  userFile: string;
  sp?: { url: string; driver: string; settings: Record<string, string> };
  entry?: ReproEntry;
  keepUrls: boolean;
  out?: string;
  trace: boolean;
  browserPath?: string;
}

const ENTRIES: readonly ReproEntry[] = ['direct-url', 'portal-key', 'login-with-okta', 'dashboard'];
const invalid = (message: string): ReproError => new ReproError('REPRO_ARGS_INVALID', message);

const OPTIONS = {
  user: { type: 'string' },
  'sp-url': { type: 'string' },
  'sp-driver': { type: 'string' },
  'sp-setting': { type: 'string', multiple: true },
  entry: { type: 'string' },
  'keep-urls': { type: 'boolean', default: false },
  out: { type: 'string' },
  trace: { type: 'boolean', default: false },
  browser: { type: 'string' },
} as const;

export function readCommand(argv: string[]): ReproCommand | 'help' {
  const read = readCommandLine(argv, OPTIONS, 'app file', invalid);
  if (read === 'help') return 'help';
  const { values, positional: appFile } = read;
  if (!values.user) throw invalid('--user FILE is required: the person to sign in as');
  if ((values['sp-url'] === undefined) !== (values['sp-driver'] === undefined)) throw invalid('--sp-url and --sp-driver go together');
  if (values.entry !== undefined && !(ENTRIES as readonly string[]).includes(values.entry)) throw invalid(`--entry ${values.entry}: one of ${ENTRIES.join(', ')}`);
  const settings: Record<string, string> = {};
  for (const setting of values['sp-setting'] ?? []) {
    const index = setting.indexOf('=');
    if (index <= 0) throw invalid(`--sp-setting ${setting}: KEY=VALUE`);
    settings[setting.slice(0, index)] = setting.slice(index + 1);
  }
  if (values['sp-url'] !== undefined) {
    try {
      new URL(values['sp-url']);
    } catch {
      throw invalid(`--sp-url ${values['sp-url']}: not a URL`);
    }
  }
  return {
    appFile,
    userFile: values.user,
    ...(values['sp-url'] !== undefined ? { sp: { url: values['sp-url'], driver: values['sp-driver']!, settings } } : {}),
    ...(values.entry !== undefined ? { entry: values.entry as ReproEntry } : {}),
    keepUrls: values['keep-urls'],
    ...(values.out !== undefined ? { out: values.out } : {}),
    trace: values.trace,
    ...(values.browser !== undefined ? { browserPath: values.browser } : {}),
  };
}

/** Exported app and user files are small; anything past this is not one. */
const MAX_FILE_BYTES = 1024 * 1024;

export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) throw Object.assign(new Error(info.isFile() ? 'larger than 1 MiB' : 'not a file'), { code: 'ENOTFILE' });
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReproError('REPRO_FILE_UNREADABLE', `${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOTFILE' ? (error as Error).message : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ReproError('REPRO_FILE_UNREADABLE', `${what} ${path}: not JSON`);
  }
}
