/**
 * `sso-conformance init-driver`: writes a commented SP driver to start from, in the caller's
 * directory: a declarative one (YAML, no code) by default, or a TypeScript module (--kind ts). It
 * never overwrites a file unless told (--force).
 */
import { constants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callerDirectory } from '../runner/options.ts';
import { PACKAGE_ROOT } from '../steps/support/locations.ts';

const KINDS = { yaml: 'driver.yaml', ts: 'driver.ts' } as const;

const usage = (prog: string): string => `usage: ${prog} [--kind yaml|ts] [--out PATH] [--force]

Writes an SP driver template to start from, with every part explained in comments.
  --kind yaml   a declarative driver: pages, form fields, API calls and the mapping of your SP's
                answers to the outcome contract, no code (default; writes sso-driver.yaml)
  --kind ts     a TypeScript module exporting createSpDriver (writes sso-driver.ts)
  --out PATH    where to write it (default: sso-driver.yaml / sso-driver.ts here)
  --force       overwrite PATH if it exists

Then: npx sso-conformance run --sp-url http://127.0.0.1:8080 --sp-driver ./sso-driver.yaml`;

export async function main(argv: string[], prog = 'sso-conformance init-driver'): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { kind: { type: 'string', default: 'yaml' }, out: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
    }));
  } catch (error) {
    console.error(`init-driver: HARNESS_USAGE: ${(error as Error).message}\n\n${usage(prog)}`);
    return 2;
  }
  if (values.help) {
    console.log(usage(prog));
    return 0;
  }
  if (!Object.hasOwn(KINDS, values.kind)) {
    console.error(`init-driver: HARNESS_USAGE: --kind takes yaml or ts, not "${values.kind}"\n\n${usage(prog)}`);
    return 2;
  }
  const kind = values.kind as keyof typeof KINDS;
  const base = callerDirectory();
  const out = values.out === undefined ? join(base, `sso-driver.${kind}`) : isAbsolute(values.out) ? values.out : resolve(base, values.out);
  try {
    await copyFile(join(PACKAGE_ROOT, 'templates', KINDS[kind]), out, values.force ? 0 : constants.COPYFILE_EXCL);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      console.error(`init-driver: HARNESS_FILE_EXISTS: ${out} exists; --force overwrites it, --out writes elsewhere`);
      return 2;
    }
    console.error(`init-driver: HARNESS_FILE_UNWRITABLE: cannot write ${out} (${code ?? (error as Error).message})`);
    return 2;
  }
  const shown = relative(process.cwd(), out) || out;
  console.log(`wrote ${out}`);
  console.log(`next: describe your SP in it (its comments say how), then\n  npx sso-conformance run --sp-url http://127.0.0.1:8080 --sp-driver ${shown.startsWith('.') || isAbsolute(shown) ? shown : `./${shown}`}`);
  return 0;
}
