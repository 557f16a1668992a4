/**
 * Runs one catalogue case, the same way for every agent:
 *
 *   fixture part → person → (a clean sign-in first, for replays) → fill placeholders → set the fault
 *   (once, scoped to the app and the person, labelled with the case) → one sign-in (or the admin's
 *   configuration) → read what the IdP sent and the canary → remove leftovers → judge.
 *
 * A strong-requests case judges the SP's own authorization requests instead: its fault stays on for
 * the whole case (the SP may read discovery when the admin saves or at any sign-in), the admin saves
 * the settings first for a configuration case (with an Okta app of its own, so discovery an SP keeps
 * per client is read afresh), then the person signs in twice with the code flow and
 * the requests each sign-in sent are read from the mock IdP's inspector.
 */
import { randomBytes } from 'node:crypto';
import type { OrgControlClient } from '../../mock-idp/index.ts';
import type { AttemptResult, ConfigurationResult, SignInAgent } from './agent.ts';
import type { SecurityCase } from './catalogue.ts';
import { partFor, type FixturePart, type SecurityFixture } from './fixture.ts';
import { fillPlaceholders } from './placeholders.ts';
import type { RequestParameters, SignInRequests } from './request-checks.ts';
import { judge, type CaseEvidence, type Verdict } from './verdict.ts';

/** Sign-ins of a strong-requests case: two, so a value sent twice shows. */
export const REQUEST_CASE_SIGN_INS = 2;

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

/** The OIDC authorization requests of one client the mock IdP received after inspector message `after`, each once. */
async function authorizationRequests(okta: OrgControlClient, after: number, clientId: string): Promise<SignInRequests> {
  const { messages } = await okta.inspector({ after });
  const seen = new Set<string>();
  const out: RequestParameters[] = [];
  for (const message of messages) {
    if (message.kind !== 'oidc-authorization-request' || message.appId !== clientId || !message.message) continue;
    // The same URL loaded twice (a reload, a return from the sign-in page) is one request.
    if (seen.has(message.message.text)) continue;
    seen.add(message.message.text);
    out.push(JSON.parse(message.message.text) as RequestParameters);
  }
  return out;
}

interface RequestRun {
  configured: ConfigurationResult | undefined;
  attempt: AttemptResult | undefined;
  requests: SignInRequests[];
}

/** A strong-requests case: (the admin saves the settings,) then sign-ins, each with the requests it sent. */
async function signInsWithRequests(securityCase: SecurityCase, fixture: SecurityFixture, agent: SignInAgent, part: FixturePart, person: FixturePart['victim']): Promise<RequestRun> {
  if (part.protocol !== 'oidc') throw new FixtureBrokenError(`${securityCase.id}: strong-requests cases run on an OIDC part`);
  let configured: ConfigurationResult | undefined;
  if (securityCase.flow === 'configuration') {
    configured = await agent.configure(part);
    if (configured.refused) return { configured, attempt: undefined, requests: [] };
    if (!configured.values) throw new FixtureBrokenError(`${securityCase.id}: the agent saved the settings but did not say the SP's redirect URI`);
    await fixture.connect(part, configured.values);
  }
  const requests: SignInRequests[] = [];
  let attempt: AttemptResult | undefined;
  for (let n = 0; n < REQUEST_CASE_SIGN_INS; n += 1) {
    const after = (await fixture.okta.inspector({ limit: 1 })).last;
    attempt = await agent.attempt({ flow: 'code', person, part });
    const sent = await authorizationRequests(fixture.okta, after, part.idp.clientId);
    requests.push(sent);
    // A sign-in that sent nothing has nothing to compare with the next.
    if (sent.length === 0) break;
  }
  return { configured, attempt, requests };
}

export async function runSecurityCase(securityCase: SecurityCase, fixture: SecurityFixture, agent: SignInAgent): Promise<CaseReport> {
  const shared = await fixture.part(partFor(securityCase.flow));
  const requestCase = securityCase.expect === 'strong-requests';
  const part = requestCase && shared.protocol === 'oidc' && securityCase.flow === 'configuration' ? await fixture.withOwnClient(shared) : shared;
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
      // A strong-requests case signs in more than once: every discovery it reads is the faulted one.
      mode: requestCase ? 'until-cleared' : 'once',
      mutations,
    });
  }
  let attempt: AttemptResult | undefined;
  let configured: ConfigurationResult | undefined;
  let requests: SignInRequests[] | undefined;
  try {
    if (requestCase) {
      ({ configured, attempt, requests } = await signInsWithRequests(securityCase, fixture, agent, part, person));
    } else if (securityCase.flow === 'configuration') {
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
    ...(requests ? { requests } : {}),
  };
  return { evidence, verdict: judge(evidence) };
}
