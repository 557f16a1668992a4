/** The repro's report for people: the setup, what the SP did, and the doctor's explanation. */
import { renderText } from '../doctor/index.ts';
import type { ReproResult } from './run-repro.ts';

const value = (item: unknown): string => (item === undefined ? '(not in the mock)' : JSON.stringify(item));

function outcomeLine(result: ReproResult): string {
  const { outcome, idpRefusal, stopped } = result.signIn;
  switch (outcome.kind) {
    case 'signed-in':
      return `the SP signed ${outcome.email} in to ${outcome.organization} (${outcome.role}, ${outcome.method})`;
    case 'join-prompt':
      return `the SP asked ${outcome.email} to join ${outcome.organization}`;
    case 'refused':
      return `the SP refused with ${outcome.code}`;
    case 'elsewhere':
      return idpRefusal
        ? `the SP received nothing: Okta refused with ${idpRefusal} on its own page`
        : `the SP did not answer: the browser ended at ${outcome.url}${stopped.length ? ` (stopped from leaving loopback: ${stopped.join(', ')})` : ''}`;
  }
}

export function renderRepro(result: ReproResult, options: { trace: boolean }): string {
  const { app, user, spSetup, comparison } = result;
  const lines = [
    `repro: the ${app.protocol === 'saml' ? 'SAML' : 'OpenID Connect'} app "${app.label}" for ${user.login}${user.status === 'ACTIVE' ? '' : ` (${user.status})`}, against ${result.spName}`,
    '',
    `Mock IdP: ${result.idpUrl}`,
    `  reproduced: ${comparison.reproduced.length} settings as the customer has them`,
  ];
  for (const pointed of result.pointed) lines.push(`  pointed at the SP: ${pointed.setting} ${pointed.customer} → ${pointed.local}`);
  if (result.keptUrls) lines.push(`  the SP URLs are kept as the customer has them: ${result.keptUrls}`);
  for (const item of result.dropped) lines.push(`  not reproduced: ${item.path}: the mock refused it (${item.reason})`);
  for (const item of comparison.different) lines.push(`  not reproduced: ${item.path} = ${value(item.customer)}; the mock has ${value(item.mock)}`);
  for (const item of app.leftOut) lines.push(`  left out: ${item}`);
  lines.push(
    '',
    `SP organization: ${spSetup.name}, ${spSetup.how}`,
    spSetup.sp.protocol === 'saml' ? `  entity ID ${spSetup.sp.values.entityId}, ACS URL ${spSetup.sp.values.acsUrl}` : `  redirect URI ${spSetup.sp.values.redirectUri}`,
    '',
    `Sign-in (${result.entry}) as ${user.login}: ${outcomeLine(result)}`,
    '',
    'What the mock sent, explained:',
    '',
    // The doctor's own closing line speaks of its exit status; here the repro's is the one that counts.
    renderText(result.doctor, { redact: false }).trimEnd().replace(/\nresult: (.*) \(exit \d\)$/, '\ndoctor: $1'),
  );
  if (options.trace) lines.push('', "The mock's inspector:", '', result.trace.trimEnd());
  lines.push('', `result: ${result.exitStatus === 0 ? 'the SP signed the person in' : 'the SP did not sign the person in'} (exit ${result.exitStatus})`);
  return lines.join('\n') + '\n';
}
