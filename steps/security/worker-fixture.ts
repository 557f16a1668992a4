/**
 * The security fixture and agent of one cucumber worker: made on the first security case the worker
 * runs (a worker that runs none makes nothing), in the worker's own mock IdP org, and shared by every
 * case after it. Parallel workers each have their own, so their faults never meet.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { OrgControlClient } from '../../mock-idp/index.ts';
import type { SpDriver } from '../drivers/sp-driver.ts';
import { ScenarioNames } from '../support/actors.ts';
import { createIdpOrg } from '../support/idp-org.ts';
import { BrowserAgent, BrowserSpSetup } from './browser-agent.ts';
import { peopleOf, SecurityFixture } from './fixture.ts';

export interface WorkerSecurity {
  fixture: SecurityFixture;
  agent: BrowserAgent;
}

let made: Promise<WorkerSecurity> | undefined;

export function workerSecurity(input: { browser: Browser; driver: SpDriver; idpUrl: string; spUrl: string }): Promise<WorkerSecurity> {
  if (!made) {
    made = (async () => {
      const names = new ScenarioNames();
      const idpOrg = await createIdpOrg(input.idpUrl, `sec-${randomBytes(4).toString('hex')}`);
      const setup = new BrowserSpSetup(input.browser, input.driver);
      const fixture = new SecurityFixture({ idpOrg, okta: new OrgControlClient(idpOrg.baseUrl, idpOrg.apiToken), sp: setup, person: peopleOf(names) });
      return { fixture, agent: new BrowserAgent(input.browser, input.driver, setup, idpOrg.baseUrl, new URL(input.spUrl).origin) };
    })();
    made.catch(() => {
      made = undefined;
    });
  }
  return made;
}
