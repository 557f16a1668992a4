/**
 * One judge for every case, whatever agent ran it. A refusal counts only when it is complete: the SP
 * showed no signed-in page AND holds no session afterwards AND no canary was fetched. A case whose
 * fault the IdP never applied proves nothing and says so (the SP may have stopped before Okta).
 * A `strong-requests` case is judged on what the SP sent instead: its authorization requests, as the
 * mock IdP recorded them, against the rows of ./request-checks.ts.
 */
import type { SentWithFaults } from '../../mock-idp/index.ts';
import type { AttemptResult, ConfigurationResult } from './agent.ts';
import type { SecurityCase } from './catalogue.ts';
import { requestRules, requestWeaknesses, type SignInRequests } from './request-checks.ts';

/** The media type of the verdict every security scenario attaches; the runner tallies them. */
export const VERDICT_MEDIA_TYPE = 'application/vnd.sso-conformance.verdict+json';

export type VerdictKind =
  /** An attack the SP refused, leaving no session: what a secure SP does. */
  | 'refused'
  /** An attack the SP accepted (signed someone in, kept a session, fetched a canary, left the site). */
  | 'vulnerable'
  /** A positive control the SP accepted, as it must. */
  | 'accepted'
  /** A positive control the SP refused: the SP is broken or too strict, and its refusals mean less. */
  | 'control-refused'
  /** The IdP never sent the faulted message: the case did not run. */
  | 'not-applied'
  /** A stays-on-site case where the browser never left the SP or the IdP. */
  | 'stayed-on-site'
  /** A strong-requests case whose authorization requests kept every rule it checks. */
  | 'strong-requests'
  /** A strong-requests case where the SP sent a weak request (no or plain PKCE, a guessable or reused value). */
  | 'weak-requests';

export interface Verdict {
  kind: VerdictKind;
  /** Why, in one line for people. */
  reason: string;
}

/** A verdict that means the SP did what a secure SP does. */
export function isPass(kind: VerdictKind): boolean {
  return kind === 'refused' || kind === 'accepted' || kind === 'stayed-on-site' || kind === 'strong-requests';
}

export interface CaseEvidence {
  securityCase: SecurityCase;
  /** The email the person signed in to Okta with. */
  personEmail: string;
  attempt: AttemptResult | undefined;
  configuration: ConfigurationResult | undefined;
  sent: SentWithFaults[];
  canaryHits: number;
  /** strong-requests cases: each sign-in's authorization requests, decoded, as the mock IdP received them. */
  requests?: SignInRequests[];
}

function describeOutcome(attempt: AttemptResult): string {
  const { outcome, probe } = attempt;
  const shown =
    outcome.kind === 'signed-in'
      ? `showed ${outcome.email} signed in to ${outcome.organization} as ${outcome.role} through ${outcome.method}`
      : outcome.kind === 'refused'
        ? `refused with ${outcome.code}`
        : outcome.kind === 'join-prompt'
          ? `asked ${outcome.email} to join ${outcome.organization} (it took the message's identity as valid)`
          : `left the browser at ${outcome.url}`;
  const session = probe.signedIn ? `; a protected page then showed ${probe.email} signed in (${probe.role})` : '; no session afterwards';
  return `the SP ${shown}${session}`;
}

export function judge(evidence: CaseEvidence): Verdict {
  const { securityCase: c, attempt, configuration, sent, canaryHits } = evidence;
  if (c.mutations.length > 0 && sent.length === 0) {
    const then = attempt ? `; meanwhile ${describeOutcome(attempt)} at ${attempt.finalUrl}` : '';
    return { kind: 'not-applied', reason: `the mock IdP never sent the faulted message (did the sign-in reach Okta's SSO step?)${then}` };
  }
  if (canaryHits > 0) return { kind: 'vulnerable', reason: `the SP fetched the canary URL ${canaryHits} time(s)` };
  if (c.expect === 'strong-requests') return judgeRequests(evidence);
  if (configuration) {
    return configuration.refused
      ? { kind: 'refused', reason: `the SP refused the settings${configuration.code ? ` with ${configuration.code}` : ''}` }
      : { kind: 'vulnerable', reason: 'the SP saved the settings' };
  }
  if (!attempt) return { kind: 'not-applied', reason: 'no sign-in was attempted' };
  const what = describeOutcome(attempt);
  switch (c.expect) {
    case 'accepted': {
      const ok = attempt.outcome.kind === 'signed-in' && attempt.outcome.email.toLowerCase() === evidence.personEmail.toLowerCase();
      return ok ? { kind: 'accepted', reason: what } : { kind: 'control-refused', reason: `${what} (expected ${evidence.personEmail} signed in)` };
    }
    case 'stays-on-site':
      return attempt.offSite.length === 0
        ? { kind: 'stayed-on-site', reason: what }
        : { kind: 'vulnerable', reason: `the browser was sent off-site to ${attempt.offSite[0]}` };
    case 'refused': {
      // A join prompt means the SP took the identity as proven: as good as signed in for an attack.
      const accepted = attempt.outcome.kind === 'signed-in' || attempt.outcome.kind === 'join-prompt' || attempt.probe.signedIn || attempt.offSite.length > 0;
      return accepted ? { kind: 'vulnerable', reason: what } : { kind: 'refused', reason: what };
    }
  }
}

/**
 * A strong-requests case: settings refused, or a sign-in refused before any request, is the SP
 * declining the OP (secure); otherwise every request of every sign-in must keep the case's rows.
 */
function judgeRequests(evidence: CaseEvidence): Verdict {
  const { securityCase: c, configuration, attempt } = evidence;
  const signIns = evidence.requests ?? [];
  if (configuration?.refused) return { kind: 'refused', reason: `the SP refused the settings${configuration.code ? ` with ${configuration.code}` : ''}, so it sends no request to this OP` };
  const silent = signIns.findIndex((requests) => requests.length === 0);
  if (silent >= 0 || signIns.length === 0) {
    if (attempt?.outcome.kind === 'refused' && !attempt.probe.signedIn) {
      return { kind: 'refused', reason: `sign-in ${silent + 1}: ${describeOutcome(attempt)} before sending an authorization request` };
    }
    const then = attempt ? `; ${describeOutcome(attempt)} at ${attempt.finalUrl}` : '';
    return { kind: 'not-applied', reason: `sign-in ${silent + 1} sent no authorization request to the mock IdP (did the SP start the code flow?)${then}` };
  }
  const weaknesses = requestWeaknesses(c.checks, signIns);
  return weaknesses.length === 0
    ? { kind: 'strong-requests', reason: `the requests of ${signIns.length} sign-ins kept ${c.checks.join(', ')}` }
    : { kind: 'weak-requests', reason: weaknesses.join('; ') };
}

function expected(c: SecurityCase): string {
  switch (c.expect) {
    case 'accepted':
      return 'accepted (positive control)';
    case 'stays-on-site':
      return 'the browser stays on the SP and the IdP';
    case 'refused':
      return 'refused, with no session left';
    case 'strong-requests':
      return `authorization requests with ${requestRules(c.checks)}`;
  }
}

/** The failure text of a case: the attack, its source, what the IdP sent (decoded), what the SP did. */
export function explain(evidence: CaseEvidence, verdict: Verdict, maxMessageChars = 4000): string {
  const c = evidence.securityCase;
  const lines = [
    `${c.id}: ${verdictWords(verdict.kind)}`,
    `  attack:   ${c.title}`,
    `  source:   ${c.source}`,
    `  expected: ${expected(c)}${c.policy ? ` [policy ${c.policy}]` : ''}`,
    `  SP did:   ${verdict.reason}`,
  ];
  (evidence.requests ?? []).forEach((requests, index) => {
    for (const params of requests) lines.push(`  SP sent:  sign-in ${index + 1}: authorization request ${JSON.stringify(params)}`);
  });
  for (const record of evidence.sent) {
    const text = record.message.text.length > maxMessageChars ? `${record.message.text.slice(0, maxMessageChars)}…` : record.message.text;
    const mutations = record.faults.flatMap((fault) => fault.mutations.map((m) => `${m.name}@${m.point}`)).join(', ');
    lines.push(`  IdP sent: ${record.sentTo} (${mutations}):`, ...text.split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

function verdictWords(kind: VerdictKind): string {
  switch (kind) {
    case 'refused':
      return 'refused';
    case 'vulnerable':
      return 'ACCEPTED — the SP is vulnerable';
    case 'accepted':
      return 'accepted (control)';
    case 'control-refused':
      return 'CONTROL REFUSED — a correct message was not accepted';
    case 'not-applied':
      return 'NOT RUN — the fault was never applied';
    case 'stayed-on-site':
      return 'stayed on site';
    case 'strong-requests':
      return 'strong requests';
    case 'weak-requests':
      return 'WEAK REQUESTS — the SP sent a guessable or downgraded authorization request';
  }
}
