/**
 * Finds and launches the browser the features run in.
 *
 * Order: an explicit executable (SSO_CONFORMANCE_BROWSER), then Playwright's own Chromium when it
 * is installed (the normal case on a developer laptop), then Debian's /usr/bin/chromium (what CI
 * installs, since Playwright cannot download browsers on a closed network). The choice is printed,
 * because "which browser ran this?" is the first question when a run differs between machines.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export interface BrowserChoice {
  executablePath: string;
  source: 'environment variable' | "Playwright's own" | 'system chromium';
}

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export class BrowserNotFoundError extends Error {
  readonly code = 'HARNESS_BROWSER_NOT_FOUND';
}

export function findBrowser(explicitPath: string | undefined): BrowserChoice {
  if (explicitPath) {
    if (!existsSync(explicitPath)) {
      throw new BrowserNotFoundError(`SSO_CONFORMANCE_BROWSER points at ${explicitPath}, which does not exist`);
    }
    return { executablePath: explicitPath, source: 'environment variable' };
  }
  const playwrightOwn = safeExecutablePath();
  if (playwrightOwn && existsSync(playwrightOwn)) {
    return { executablePath: playwrightOwn, source: "Playwright's own" };
  }
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return { executablePath: system, source: 'system chromium' };
  throw new BrowserNotFoundError(
    'no browser found: set SSO_CONFORMANCE_BROWSER, run `npx playwright install chromium`, or install chromium (apt-get install chromium)',
  );
}

function safeExecutablePath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Flags that keep Chromium quiet on a closed network: without the background-networking ones it
 * floods the network with connections that are refused (measured on this project's machines).
 */
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `trustedSpki`: base64 SHA-256 hashes of public keys whose certificates Chromium accepts as if a
 * trusted authority had issued them (the mock IdP's local CA, which each server sends in its chain):
 * any other certificate error still stops the page.
 */
export async function launchBrowser(choice: BrowserChoice, trustedSpki: readonly string[] = []): Promise<Browser> {
  const trust = trustedSpki.length > 0 ? [`--ignore-certificate-errors-spki-list=${trustedSpki.join(',')}`] : [];
  return chromium.launch({ executablePath: choice.executablePath, headless: true, args: [...LAUNCH_ARGS, ...trust] });
}
