/**
 * `npm run doctor -- <file> [options]`: explains a failing SSO from what Okta sent (README "Doctor").
 * Prints the decoded messages and the causes; exit status 0 nothing wrong found, 1 causes found,
 * 2 the input could not be read (one coded line on stderr).
 */
import { pathToFileURL } from 'node:url';
import { DoctorInputError, diagnose, readCommand, renderJson, renderText, USAGE as NPM_USAGE } from './index.ts';

/** The usage text with the command as the user typed it. */
const usageFor = (prog: string): string => NPM_USAGE.replace('npm run doctor --', prog);

/** The CLI; `prog` is how it was called (`npm run doctor --`, `sso-conformance doctor`), for the usage text. */
export async function main(argv: string[] = process.argv.slice(2), prog = 'npm run doctor --'): Promise<number> {
  const USAGE = usageFor(prog);
  try {
    const command = readCommand(argv);
    if (command === 'help') {
      console.log(USAGE);
      return 0;
    }
    const report = await diagnose(command);
    process.stdout.write(command.json ? renderJson(report, { redact: command.redact }) : renderText(report, { redact: command.redact }));
    return report.exitStatus;
  } catch (error) {
    if (error instanceof DoctorInputError) {
      console.error(`doctor: ${error.code}: ${error.message}`);
    } else {
      // Never a stack trace: whatever broke was reading this input.
      console.error(`doctor: DOCTOR_INPUT_UNREADABLE: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 2;
  }
}

// Run when started as a script; `sso-conformance doctor` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
