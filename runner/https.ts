/**
 * `--https`: the embedded mock IdP and reference SP over TLS, with the mock IdP's local CA trusted for
 * real and nothing broader. Node reads NODE_EXTRA_CA_CERTS only when it starts, so the run makes the CA
 * first and then runs itself again with it named: the reference SP, the steps and cucumber's workers
 * verify the IdP's certificates. Chromium trusts the CA by its key hash
 * (--ignore-certificate-errors-spki-list).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_STATE_DIR } from '../mock-idp/src/state/state-dir.ts';
import { loadOrCreateCa, type LocalCa } from '../mock-idp/src/tls/local-ca.ts';

export type HttpsSetup = { kind: 'ready'; ca: LocalCa } | { kind: 'rerun'; exitCode: Promise<number> };

/** The local CA when this process already trusts it; else this same command again, trusting it. */
export async function prepareHttps(): Promise<HttpsSetup> {
  const ca = await loadOrCreateCa(join(DEFAULT_STATE_DIR, 'ca'));
  if (process.env['NODE_EXTRA_CA_CERTS'] === ca.certFile) return { kind: 'ready', ca };
  return { kind: 'rerun', exitCode: runAgainTrusting(ca.certFile) };
}

/** This same command again, with NODE_EXTRA_CA_CERTS naming the CA; its exit code is ours. */
function runAgainTrusting(caFile: string): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}
