// The whole security catalogue against the reference SP over HTTP (the features run it again in a
// browser): every attack refused with no session left, every positive control accepted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMockIdp, type MockIdp } from '../../../mock-idp/index.ts';
import { catalogue } from '../../../steps/security/catalogue.ts';
import { explain, isPass } from '../../../steps/security/verdict.ts';
import { createReferenceSp, type ReferenceSp } from '../../index.ts';
import { runCatalogueOverHttp } from './catalogue-run.ts';

void describe('the security catalogue against the reference SP', () => {
  let idp: MockIdp;
  let sp: ReferenceSp;
  before(async () => {
    idp = await createMockIdp();
    sp = await createReferenceSp();
  });
  after(async () => {
    await sp.close();
    await idp.close();
  });

  void it('refuses every attack and accepts every control, SAML and OIDC', async () => {
    const cases = [...catalogue('saml'), ...catalogue('oidc')];
    const reports = await runCatalogueOverHttp(idp, sp.url, cases);
    const failures = reports.filter((report) => !isPass(report.verdict.kind)).map((report) => explain(report.evidence, report.verdict, 1500));
    assert.deepEqual(failures, [], `\n${failures.join('\n\n')}`);
    assert.equal(reports.length, cases.length);
  });
});
