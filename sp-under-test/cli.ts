// `npm run sp [-- --port 7100]` (or `sso-conformance sp …` from the installed package): start the
// reference SP and print where it is.
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createReferenceSp } from './index.ts';

const help = (prog: string): string => `Reference SP (SaaS app with SAML SSO) for the conformance harness.

Usage: ${prog} [--port <port>] [--host <address>] [--public-url <url>] [--operator-token <token>]

Options:
  --port <port>             port (default 0: a free port)
  --host <address>          address to listen on (default 127.0.0.1; 0.0.0.0 inside a container with a port mapping)
  --public-url <url>        the SP's origin as browsers and the IdP reach it (a port mapping, a proxy),
                            written into the ACS, Entity ID, redirect URIs and links it generates
  --operator-token <token>  bearer token of the operator API (/api/operator/organizations), for
                            vendor staff setting up self-service SSO organizations; default: the
                            SP_OPERATOR_TOKEN environment variable, else a random one (printed)
  --quiet                   do not print the operator log
  --help                    show this help
`;

/** The CLI; `prog` is how it was called (`npm run sp --`, `sso-conformance sp`), for the help text. */
export async function main(argv: string[] = process.argv.slice(2), prog = 'npm run sp --'): Promise<number> {
  let values: { port?: string | undefined; host?: string | undefined; 'public-url'?: string | undefined; 'operator-token'?: string | undefined; quiet?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'operator-token': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${help(prog)}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(help(prog));
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be 0–65535, got ${values.port}\n${help(prog)}`);
    return 2;
  }
  const operatorToken = values['operator-token'] ?? process.env['SP_OPERATOR_TOKEN'];
  let sp: Awaited<ReturnType<typeof createReferenceSp>>;
  try {
    sp = await createReferenceSp({
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      ...(operatorToken ? { operatorToken } : {}),
      ...(values.quiet ? {} : { log: (line: string) => process.stdout.write(`[sp] ${line}\n`) }),
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    process.stderr.write(code === 'SP_OPTIONS_INVALID' ? `${code}: ${message}\n${help(prog)}` : `could not start: ${code === 'EADDRINUSE' ? `port ${port} is already in use` : message}\n`);
    return code === 'SP_OPTIONS_INVALID' ? 2 : 1;
  }
  process.stdout.write(`Reference SP listening on ${sp.url}\nSign up: ${sp.url}/signup\nOperator API: POST ${sp.url}/api/operator/organizations (Authorization: Bearer ${sp.operatorToken})\n`);
  // A container's health check reads where to ask (the port may have been picked at start).
  const readyFile = process.env['SSO_CONFORMANCE_READY_FILE'];
  if (readyFile) await writeFile(readyFile, `${sp.localUrl}/signin\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('Stopping reference SP…\n');
  await sp.close();
  return 0;
}

// Run when started as a script; `sso-conformance sp` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
