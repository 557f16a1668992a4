/**
 * `npm run repro -- <okta-app.json> --user <user.json> [options]` (README "Repro"): the customer's
 * app rebuilt in the mock IdP, a sign-in against the SP, what the SP did and why.
 * Exit status 0 the SP signed the person in, 1 it did not, 2 the setup failed (one coded line).
 */
import { pathToFileURL } from 'node:url';
import { runCli } from '../command-line.ts';
import { ReproError } from './errors.ts';
import { readCommand, readJsonFile, USAGE, type ReproCommand } from './options.ts';
import { renderRepro } from './render.ts';
import { runRepro } from './run-repro.ts';
import { tenantYaml, writeTenantFile } from './tenant-file.ts';

async function repro(command: ReproCommand): Promise<number> {
  const result = await runRepro({
    app: await readJsonFile(command.appFile, 'the app'),
    appSource: command.appFile,
    user: await readJsonFile(command.userFile, 'the user'),
    userSource: command.userFile,
    ...(command.sp ? { sp: command.sp } : {}),
    ...(command.entry ? { entry: command.entry } : {}),
    keepUrls: command.keepUrls,
    ...(command.browserPath ? { browserPath: command.browserPath } : {}),
    progress: (line) => console.error(`repro: ${line}`),
  });
  process.stdout.write(renderRepro(result, { trace: command.trace }));
  if (command.out) {
    await writeTenantFile(command.out, tenantYaml(result.tenant, { app: command.appFile, user: command.userFile }));
    console.log(`tenant file: ${command.out} (replay: npm run idp -- --tenant ${command.out})`);
  }
  return result.exitStatus;
}

/** The CLI; `prog` is how it was called (`npm run repro --`, `sso-conformance repro`), for the usage text. */
export function main(argv: string[] = process.argv.slice(2), prog = 'npm run repro --'): Promise<number> {
  // A browser or driver that gave up mid-way is REPRO_RUN_FAILED, named.
  return runCli({ tool: 'repro', usage: USAGE, readCommand, run: repro, codedError: ReproError, fallbackCode: 'REPRO_RUN_FAILED' }, argv, prog);
}

// Run when started as a script; `sso-conformance repro` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
