/**
 * Records what a browser sent and received, so steps can assert on what did NOT happen ("the SP's
 * ACS received nothing") and the After hook can fail a scenario on a server error nobody expected.
 */
import type { BrowserContext } from 'playwright-core';

export interface LoggedRequest {
  method: string;
  url: string;
  status: number | undefined;
}

export class NetworkLog {
  readonly entries: LoggedRequest[] = [];

  attach(context: BrowserContext): void {
    context.on('request', (request) => {
      this.entries.push({ method: request.method(), url: request.url(), status: undefined });
    });
    context.on('response', (response) => {
      const entry = [...this.entries].reverse().find((e) => e.url === response.url() && e.status === undefined);
      if (entry) entry.status = response.status();
    });
  }

  requestsTo(urlPrefix: string): LoggedRequest[] {
    return this.entries.filter((entry) => entry.url.startsWith(urlPrefix));
  }

  serverErrors(): LoggedRequest[] {
    return this.entries.filter((entry) => entry.status !== undefined && entry.status >= 500);
  }
}
