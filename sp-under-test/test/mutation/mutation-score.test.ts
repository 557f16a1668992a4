// The mutation score of the security catalogue: variants of the reference SP, each with one check
// switched off (src/weakenings.ts, a test-only construction option), run against the catalogue of their
// protocol over HTTP. Every variant must be caught by at least one case — a case that signs someone in,
// keeps a session or leaves the site, or a positive control that no longer passes. The test prints the
// score and, per variant, the cases that caught it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMockIdp, type MockIdp } from '../../../mock-idp/index.ts';
import { catalogue } from '../../../steps/security/catalogue.ts';
import { isPass } from '../../../steps/security/verdict.ts';
import { createReferenceSp } from '../../index.ts';
import { ALL_WEAKENINGS, WEAKENINGS, type Weakening } from '../../src/weakenings.ts';
import { runCatalogueOverHttp } from './catalogue-run.ts';

interface Score {
  weakening: Weakening;
  caughtBy: string[];
}

async function scoreOf(idp: MockIdp, weakening: Weakening): Promise<Score> {
  const sp = await createReferenceSp({ weakenedForMutationTesting: weakening });
  try {
    const reports = await runCatalogueOverHttp(idp, sp.url, catalogue(weakening.startsWith('saml-') ? 'saml' : 'oidc'));
    return { weakening, caughtBy: reports.filter((report) => !isPass(report.verdict.kind)).map((report) => report.evidence.securityCase.id) };
  } finally {
    await sp.close();
  }
}

void describe('mutation score of the security catalogue', () => {
  let idp: MockIdp;
  before(async () => {
    idp = await createMockIdp();
  });
  after(() => idp.close());

  void it('catches every weakened variant of the reference SP', async () => {
    const scores: Score[] = [];
    for (const weakening of ALL_WEAKENINGS) scores.push(await scoreOf(idp, weakening));
    const caught = scores.filter((score) => score.caughtBy.length > 0);
    const lines = [
      `mutation score: ${caught.length}/${scores.length} variants of the reference SP caught by the catalogue`,
      ...scores.map(({ weakening, caughtBy }) => {
        const shown = caughtBy.length > 4 ? `${caughtBy.slice(0, 4).join(', ')}, … (${caughtBy.length})` : caughtBy.join(', ') || 'NOT CAUGHT';
        return `  ${weakening.padEnd(26)} ${shown}`;
      }),
    ];
    console.log(lines.join('\n'));
    const missed = scores.filter((score) => score.caughtBy.length === 0).map((score) => `${score.weakening}: ${WEAKENINGS[score.weakening]}`);
    assert.deepEqual(missed, [], `variants no case catches:\n${missed.join('\n')}`);
  });
});
