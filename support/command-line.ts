/**
 * What the support tools' command lines share (doctor, repro): an error that carries a stable code,
 * reading argv into options and the one input the tool takes, and the run that turns any failure into
 * one coded line on stderr with exit status 2, never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs gives for `options` plus --help, named so the package's declarations can say it. */
type ParsedValues<Options extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: Options & { help: { type: 'boolean'; default: false } } }>
>['values'];

/** A refusal the CLI prints as `<tool>: <code>: <message>`; callers and tests switch on `code`. */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses `argv` strictly against `options` (plus --help), with exactly one positional: `what` names it
 * in the refusal. Every problem is thrown as `invalid(message)`, the tool's ARGS_INVALID error.
 */
export function readCommandLine<const Options extends OptionsConfig>(
  argv: string[],
  options: Options,
  what: string,
  invalid: (message: string) => Error,
): 'help' | { values: ParsedValues<Options>; positional: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', default: false } } });
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if ((values as { help?: boolean }).help) return 'help';
  if (positionals.length !== 1) throw invalid(`give exactly one ${what} (got ${positionals.length}); --help lists the options`);
  return { values, positional: positionals[0]! };
}

export interface Cli<Command> {
  /** The tool's name, the prefix of every line it writes to stderr. */
  tool: string;
  /** The usage text as written for `npm run <tool> --`. */
  usage: string;
  readCommand(argv: string[]): Command | 'help';
  /** Runs a read command; resolves to the exit status. */
  run(command: Command): Promise<number>;
  /** The tool's own coded error: printed with its code. */
  codedError: abstract new (...args: never[]) => CodedError<string>;
  /** The code printed for anything else that broke (a browser, a driver, a parser that gave up). */
  fallbackCode: string;
}

/** Runs a tool's CLI; `prog` is how it was called (`npm run doctor --`, `sso-conformance doctor`), for the usage text. */
export async function runCli<Command>(cli: Cli<Command>, argv: string[], prog: string): Promise<number> {
  try {
    const command = cli.readCommand(argv);
    if (command === 'help') {
      console.log(cli.usage.replace(`npm run ${cli.tool} --`, prog));
      return 0;
    }
    return await cli.run(command);
  } catch (error) {
    if (error instanceof cli.codedError) console.error(`${cli.tool}: ${error.code}: ${error.message}`);
    // Never a stack trace: what gave up, named on one line.
    else console.error(`${cli.tool}: ${cli.fallbackCode}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 2;
  }
}
