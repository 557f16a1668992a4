/**
 * `npm run doctor -- <file> [options]`: explains a failing SSO from what Okta sent (README "Doctor").
 * Prints the decoded messages and the causes; exit status 0 nothing wrong found, 1 causes found,
 * 2 the input could not be read (one coded line on stderr).
 */
import { pathToFileURL } from 'node:url';
import { runCli } from '../command-line.ts';
import { DoctorInputError, diagnose, readCommand, renderJson, renderText, USAGE, type DoctorCommand } from './index.ts';

async function explain(command: DoctorCommand): Promise<number> {
  const report = await diagnose(command);
  process.stdout.write(command.json ? renderJson(report, { redact: command.redact }) : renderText(report, { redact: command.redact }));
  return report.exitStatus;
}

/** The CLI; `prog` is how it was called (`npm run doctor --`, `sso-conformance doctor`), for the usage text. */
export function main(argv: string[] = process.argv.slice(2), prog = 'npm run doctor --'): Promise<number> {
  // Whatever else broke was reading this input: DOCTOR_INPUT_UNREADABLE.
  return runCli({ tool: 'doctor', usage: USAGE, readCommand, run: explain, codedError: DoctorInputError, fallbackCode: 'DOCTOR_INPUT_UNREADABLE' }, argv, prog);
}

// Run when started as a script; `sso-conformance doctor` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
