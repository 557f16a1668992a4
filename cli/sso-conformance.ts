#!/usr/bin/env node
/**
 * `sso-conformance <command> [options]`: the package's one command. Each subcommand is a module
 * exporting `main(argv, prog)` that returns the exit status; it is loaded only when named, so
 * `sso-conformance idp` never loads cucumber or Playwright. Adding a subcommand is one row below.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../steps/support/locations.ts';

/** What a subcommand module exports. `prog` is how the user called it, for its usage text. */
export interface SubcommandModule {
  main(argv: string[], prog: string): Promise<number>;
}

interface Subcommand {
  summary: string;
  load(): Promise<SubcommandModule>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  run: { summary: 'run the conformance features against an SP (the reference SP by default)', load: () => import('../scripts/conformance.ts') },
  idp: { summary: 'start the Okta-like mock IdP', load: () => import('../mock-idp/cli.ts') },
  sp: { summary: 'start the reference SP', load: () => import('../sp-under-test/cli.ts') },
  doctor: { summary: "explain a customer's failing SSO from a SAMLResponse, an id_token or a HAR file", load: () => import('../support/doctor/cli.ts') },
  repro: { summary: "rebuild a customer's Okta app in the mock IdP and sign in against an SP", load: () => import('../support/repro/cli.ts') },
  'init-driver': { summary: 'write an SP driver to start from (declarative YAML, or TypeScript with --kind ts)', load: () => import('./init-driver.ts') },
};

const PROG = 'sso-conformance';

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  return [
    `usage: ${PROG} <command> [options]      (${PROG} <command> --help for its options)`,
    '',
    'commands:',
    ...Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    `  --version   the package version`,
  ].join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    console.error(`${PROG}: HARNESS_USAGE: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await subcommand.load()).main(rest, `${PROG} ${name}`);
}

process.exitCode = await main(process.argv.slice(2));
