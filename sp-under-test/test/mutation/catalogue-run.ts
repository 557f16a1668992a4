/**
 * Runs security catalogue cases against one running reference SP over HTTP: a fresh mock IdP org and
 * fixture, the HTTP agent, and the same runner and judge the features use. Shared by the test that
 * the reference SP refuses every case and by the mutation-score test.
 */
import { OrgControlClient, type MockIdp } from '../../../mock-idp/index.ts';
import { ScenarioNames } from '../../../steps/support/actors.ts';
import type { SecurityCase } from '../../../steps/security/catalogue.ts';
import { peopleOf, SecurityFixture } from '../../../steps/security/fixture.ts';
import { runSecurityCase, type CaseReport } from '../../../steps/security/run-case.ts';
import type { CaseEvidence } from '../../../steps/security/verdict.ts';
import { HttpAgent, HttpSpSetup } from './http-agent.ts';

export async function runCatalogueOverHttp(idp: MockIdp, spUrl: string, cases: SecurityCase[]): Promise<CaseReport[]> {
  const org = await idp.createOrg();
  const names = new ScenarioNames();
  const setup = new HttpSpSetup(spUrl);
  const fixture = new SecurityFixture({ idpOrg: org, okta: new OrgControlClient(org.baseUrl, org.apiToken), sp: setup, person: peopleOf(names) });
  const agent = new HttpAgent(spUrl, org.baseUrl, setup);
  const reports: CaseReport[] = [];
  for (const securityCase of cases) {
    try {
      reports.push(await runSecurityCase(securityCase, fixture, agent));
    } catch (error) {
      // A variant that breaks even a clean sign-in (a replay case's first step) fails that case.
      const evidence: CaseEvidence = { securityCase, personEmail: '', attempt: undefined, configuration: undefined, sent: [], canaryHits: 0 };
      reports.push({ evidence, verdict: { kind: 'not-applied', reason: `the case could not run: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }
  return reports;
}
