/**
 * `npm run doctor -- <file> [options]`: explains a failing SSO from what Okta sent (README "Doctor").
 * Prints the decoded messages and the causes; exit status 0 nothing wrong found, 1 causes found,
 * 2 the input could not be read (one coded line on stderr).
 */
import { DoctorInputError, diagnose, readCommand, renderJson, renderText, USAGE } from './index.ts';

async function main(argv: string[]): Promise<number> {
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

process.exitCode = await main(process.argv.slice(2));
