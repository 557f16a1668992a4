/**
 * `npm run catalogue`: writes features/security/{saml,oidc}.feature from the catalogue YAML, so the
 * feature files list every case id (cucumber reports, JUnit and `--name` see them) while the cases
 * stay data. `--check` only compares and exits 1 when a file is stale (the unit tests run it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, CATALOGUE_DIR, type Protocol, type SecurityCase } from '../steps/security/catalogue.ts';

const FEATURE_DIR = join(CATALOGUE_DIR, '..');

const TITLES: Record<Protocol, { name: string; what: string; more: string[] }> = {
  saml: { name: 'SAML', what: 'a deliberately faulted SAML Response', more: [] },
  oidc: {
    name: 'OpenID Connect',
    what: 'a deliberately faulted authorization response, id_token, token, userinfo or discovery answer',
    more: ["  The PKCE-downgrade and fresh-request-values cases judge the SP's own authorization requests instead", '  (two sign-ins each, read from the mock IdP\'s inspector: S256 PKCE, unguessable state and nonce, none reused).'],
  },
};

const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

function examples(heading: string, tags: string[], cases: SecurityCase[]): string[] {
  if (cases.length === 0) return [];
  return [
    '',
    ...(tags.length ? [`    ${tags.join(' ')}`] : []),
    `    Examples: ${heading}`,
    '      | id | attack |',
    ...cases.map((c) => `      | ${cell(c.id)} | ${cell(c.title)} |`),
  ];
}

export function featureText(protocol: Protocol): string {
  const cases = catalogue(protocol);
  const { name, what, more } = TITLES[protocol];
  const policies = [...new Set(cases.flatMap((c) => (c.policy ? [c.policy] : [])))].sort();
  return [
    `# Generated from features/security/catalogue/${protocol}.yaml by \`npm run catalogue\`: edit the YAML, not this file.`,
    `@security @${protocol}`,
    `Feature: ${name} security catalogue`,
    `  Every case of catalogue/${protocol}.yaml: the mock IdP sends ${what}, and the SP must`,
    '  refuse it and keep no session; positive controls must be accepted. The cases share one fixture per',
    '  worker (an IdP org, apps and SP organizations set up once), so each case is one sign-in.',
    ...more,
    '',
    '  Scenario Outline: <id>: <attack>',
    '    When the mock IdP sends the security case "<id>"',
    '    Then the SP does what a secure SP must',
    ...examples('Positive controls', ['@control'], cases.filter((c) => c.control)),
    ...examples('Attacks', [], cases.filter((c) => !c.control && !c.policy)),
    ...policies.flatMap((policy) =>
      examples(`Strict policy "${policy}" (exclude with --tags "not @policy-${policy}")`, [`@policy-${policy}`], cases.filter((c) => !c.control && c.policy === policy)),
    ),
    '',
  ].join('\n');
}

function main(): number {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const protocol of ['saml', 'oidc'] as const) {
    const path = join(FEATURE_DIR, `${protocol}.feature`);
    const wanted = featureText(protocol);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing: written below, or stale under --check
    }
    if (current === wanted) continue;
    if (check) {
      console.error(`${path} is stale: run \`npm run catalogue\``);
      stale += 1;
    } else {
      writeFileSync(path, wanted);
      console.log(`wrote ${path} (${catalogue(protocol).length} cases)`);
    }
  }
  return stale ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main();
