/**
 * Runs one catalogue case, the same way for every agent:
 *
 *   fixture part → person → (a clean sign-in first, for replays) → fill placeholders → set the fault
 *   (once, scoped to the app and the person, labelled with the case) → one sign-in (or the admin's
 *   configuration) → read what the IdP sent and the canary → remove leftovers → judge.
 */
import { randomBytes } from 'node:crypto';
import type { AttemptResult, ConfigurationResult, SignInAgent } from './agent.ts';
import type { SecurityCase } from './catalogue.ts';
import { partFor, type FixturePart, type SecurityFixture } from './fixture.ts';
import { fillPlaceholders } from './placeholders.ts';
import { judge, type CaseEvidence, type Verdict } from './verdict.ts';

export class FixtureBrokenError extends Error {
  readonly code = 'HARNESS_SECURITY_FIXTURE_BROKEN';
}

export interface CaseReport {
  evidence: CaseEvidence;
  verdict: Verdict;
}

/** A canary URL on the mock IdP org: anything that fetches it is recorded. */
export function canaryUrl(orgBaseUrl: string, token: string): string {
  return new URL(`/mock/v1/canary/${encodeURIComponent(token)}`, orgBaseUrl).href;
}

async function cleanSignIn(agent: SignInAgent, securityCase: SecurityCase, part: FixturePart, person: FixturePart['victim']): Promise<void> {
  const flow = securityCase.before === 'clean-code-sign-in' ? 'code' : securityCase.flow;
  if (flow === 'configuration') throw new FixtureBrokenError(`${securityCase.id}: a configuration case cannot sign in first`);
  const result = await agent.attempt({ flow, person, part });
  if (result.outcome.kind !== 'signed-in') {
    throw new FixtureBrokenError(`${securityCase.id}: the clean sign-in before the case did not succeed (${JSON.stringify(result.outcome)})`);
  }
}

export async function runSecurityCase(securityCase: SecurityCase, fixture: SecurityFixture, agent: SignInAgent): Promise<CaseReport> {
  const part = await fixture.part(partFor(securityCase.flow));
  const person = await fixture.personFor(securityCase.as, part);
  if (securityCase.before) await cleanSignIn(agent, securityCase, part, person);

  const label = `${securityCase.id}#${randomBytes(4).toString('hex')}`;
  const canary = canaryUrl(fixture.idpOrg.baseUrl, label);
  const mutations = fillPlaceholders(securityCase.mutations, {
    victimEmail: part.victim.email,
    dormantEmail: (part.dormant ?? part.victim).email,
    attackerEmail: fixture.attacker.email,
    canaryUrl: canary,
    otherAppId: part.protocol === 'saml' ? part.otherAppId : undefined,
    acsUrl: part.protocol === 'saml' ? part.values.acsUrl : undefined,
  });
  const configuration = securityCase.flow === 'configuration';
  const usesCanary = JSON.stringify(securityCase.mutations).includes('{canary.url}');
  if (mutations.length > 0) {
    await fixture.okta.addFault({
      label,
      appId: part.appId,
      // The discovery document is fetched by the SP's server for nobody in particular.
      ...(configuration ? {} : { userId: await fixture.oktaUserId(person) }),
      mode: 'once',
      mutations,
    });
  }
  let attempt: AttemptResult | undefined;
  let configured: ConfigurationResult | undefined;
  try {
    if (securityCase.flow === 'configuration') {
      if (part.protocol !== 'oidc') throw new FixtureBrokenError(`${securityCase.id}: configuration cases run on an OIDC part`);
      configured = await agent.configure(part);
    } else {
      attempt = await agent.attempt({ flow: securityCase.flow, person, part, ...(securityCase.deliver === 'victim-browser' ? { deliverIn: part.victim } : {}) });
    }
  } finally {
    // A mutation that never came due (the sign-in stopped early) must not leak into the next case.
    await fixture.okta.clearFaults(label);
  }
  const evidence: CaseEvidence = {
    securityCase,
    personEmail: person.email,
    attempt,
    configuration: configured,
    sent: await fixture.okta.sentWithFaults(label),
    canaryHits: usesCanary ? await fixture.canaryHits(label) : 0,
  };
  return { evidence, verdict: judge(evidence) };
}
