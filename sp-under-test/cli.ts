// `npm run sp [-- --port 7100]`: start the reference SP and print where it is.
import { parseArgs } from 'node:util';
import { createReferenceSp } from './index.ts';

const HELP = `Reference SP (SaaS app with SAML SSO) for the conformance harness.

Usage: npm run sp [-- --port <port>] [--operator-token <token>]

Options:
  --port <port>             port on 127.0.0.1 (default 0: a free port)
  --operator-token <token>  bearer token of the operator API (/api/operator/organizations), for
                            vendor staff setting up self-service SSO organizations; default: the
                            SP_OPERATOR_TOKEN environment variable, else a random one (printed)
  --quiet                   do not print the operator log
  --help                    show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'operator-token': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const operatorToken = values['operator-token'] ?? process.env['SP_OPERATOR_TOKEN'];
  const sp = await createReferenceSp({
    port,
    ...(operatorToken ? { operatorToken } : {}),
    ...(values.quiet ? {} : { log: (line: string) => process.stdout.write(`[sp] ${line}\n`) }),
  });
  process.stdout.write(`Reference SP listening on ${sp.url}\nSign up: ${sp.url}/signup\nOperator API: POST ${sp.url}/api/operator/organizations (Authorization: Bearer ${sp.operatorToken})\n`);
  const stop = (): void => {
    process.stdout.write('Stopping reference SP…\n');
    sp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${HELP}`);
  process.exit(2);
});
