/** The security catalogue: one generic step runs a case (features/security/catalogue/*.yaml) and judges it. */
import { AssertionError } from 'node:assert';
import { Then, When } from '@cucumber/cucumber';
import { findCase } from './security/catalogue.ts';
import { runSecurityCase, type CaseReport } from './security/run-case.ts';
import { explain, isPass, VERDICT_MEDIA_TYPE } from './security/verdict.ts';
import { workerSecurity } from './security/worker-fixture.ts';
import type { ConformanceWorld } from './support/world.ts';


const reports = new WeakMap<ConformanceWorld, CaseReport>();

When('the mock IdP sends the security case {string}', async function (this: ConformanceWorld, id: string) {
  const securityCase = findCase(id);
  const { fixture, agent } = await workerSecurity({ browser: this.browser, driver: this.sp, idpUrl: this.config.idpUrl, spUrl: this.config.spUrl });
  // The fixture org is the worker's: the report's protocol trace starts after what earlier cases sent.
  this.inspectorFrom.set({ okta: fixture.okta, after: (await fixture.okta.inspector({ limit: 1 })).last });
  const report = await runSecurityCase(securityCase, fixture, agent);
  reports.set(this, report);
  this.attach(JSON.stringify({ id, control: securityCase.control, verdict: report.verdict.kind }), VERDICT_MEDIA_TYPE);
  for (const record of report.evidence.sent) {
    this.attach(`${record.sentTo}\n\n${record.message.text}`, { mediaType: 'text/plain', fileName: `${id}-sent.txt` });
  }
});

Then('the SP does what a secure SP must', function (this: ConformanceWorld) {
  const report = reports.get(this);
  if (!report) throw new Error('no security case ran in this scenario');
  const text = explain(report.evidence, report.verdict);
  if (!isPass(report.verdict.kind)) throw new AssertionError({ message: text });
  this.log(text);
});
