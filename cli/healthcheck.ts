/**
 * The containers' HEALTHCHECK: asks the URL the server wrote at start (SSO_CONFORMANCE_READY_FILE:
 * the mock IdP's discovery document, the reference SP's sign-in page) and exits 0 on a 200, 1
 * otherwise. A file, because the port may have been picked at start (port 0, host network).
 */
import { readFile } from 'node:fs/promises';

async function healthy(): Promise<boolean> {
  const file = process.env['SSO_CONFORMANCE_READY_FILE'];
  if (!file) return false;
  try {
    const url = (await readFile(file, 'utf8')).trim();
    const response = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

process.exitCode = (await healthy()) ? 0 : 1;
