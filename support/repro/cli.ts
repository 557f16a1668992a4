/**
 * `npm run repro -- <okta-app.json> --user <user.json> [options]` (README "Repro"): the customer's
 * app rebuilt in the mock IdP, a sign-in against the SP, what the SP did and why.
 * Exit status 0 the SP signed the person in, 1 it did not, 2 the setup failed (one coded line).
 */
import { pathToFileURL } from 'node:url';
import { ReproError } from './errors.ts';
import { readCommand, readJsonFile, USAGE as NPM_USAGE } from './options.ts';
import { renderRepro } from './render.ts';
import { runRepro } from './run-repro.ts';
import { tenantYaml, writeTenantFile } from './tenant-file.ts';

/** The usage text with the command as the user typed it. */
const usageFor = (prog: string): string => NPM_USAGE.replace('npm run repro --', prog);

/** The CLI; `prog` is how it was called (`npm run repro --`, `sso-conformance repro`), for the usage text. */
export async function main(argv: string[] = process.argv.slice(2), prog = 'npm run repro --'): Promise<number> {
  const USAGE = usageFor(prog);
  try {
    const command = readCommand(argv);
    if (command === 'help') {
      console.log(USAGE);
      return 0;
    }
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
  } catch (error) {
    if (error instanceof ReproError) console.error(`repro: ${error.code}: ${error.message}`);
    // Never a stack trace: a browser or driver that gave up mid-way, named.
    else console.error(`repro: REPRO_RUN_FAILED: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 2;
  }
}

// Run when started as a script; `sso-conformance repro` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
