/**
 * Every scenario carries the capabilities its steps need (`@requires-…`), so a driver that lacks one
 * has the scenario skipped with the reason, never failed with "the driver has no inviteUser". The
 * table below says which steps reach which optional part of a driver; a scenario using a step must
 * be tagged with (one of) its capabilities, from the scenario, its examples, or its feature.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { SP_CAPABILITIES, type SpCapability } from '../drivers/sp-driver.ts';
import { FEATURES_DIR } from '../support/locations.ts';

const NEEDS: [RegExp, SpCapability[]][] = [
  [/ invites \w+ to the SP organization/, ['invitations']],
  [/member list/, ['invitation-acceptance']],
  [/accepts (her|his) invitation with a password|signs in to the SP with (her|his) password|is signed in to "[^"]*" as \w+ with (her|his) password/, ['password-sign-in']],
  [/invitation link/, ['invitation-link']],
  [/with (her|his) work email|claims the company domain/, ['domain-discovery']],
  [/through "Continue with SSO" and the portal key/, ['portal-key']],
  [/through "Login with Okta"/, ['login-with-okta']],
  [/through the direct portal URL/, ['direct-url']],
  [/is asked to join|accepts to join|declines to join/, ['join-prompt']],
  [/^the vendor sets up the SP organization/, ['jit-first-owner']],
  [/uploads the IdP metadata/, ['saml-metadata-import']],
  [/ over SAML\b|Entity ID and Callback URL|through SAML$/, ['saml']],
  [/ over OIDC\b|OIDC SSO in the SP|sign-in redirect URI|through OIDC$|Client ID, Client Secret/, ['oidc']],
  [/ launches "[^"]*" from the Okta dashboard/, ['saml-idp-initiated', 'oidc-okta-simplified', 'oidc-initiate-login']],
  [/has been signed out of the SP/, ['sign-out-on-enforce']],
];

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? featureFiles(join(dir, entry.name)) : entry.name.endsWith('.feature') ? [join(dir, entry.name)] : [],
  );
}

describe('scenario tags', () => {
  test('every scenario is tagged with the capabilities its steps need', () => {
    const problems: string[] = [];
    let scenarios = 0;
    for (const file of featureFiles(FEATURES_DIR).filter((path) => !path.includes(`${join('features', 'security')}`))) {
      const document = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(readFileSync(file, 'utf8'));
      for (const pickle of compile(document, file, IdGenerator.incrementing())) {
        scenarios += 1;
        const tags = new Set(pickle.tags.map((tag) => tag.name.replace(/^@requires-/, '')));
        for (const step of pickle.steps) {
          for (const [pattern, anyOf] of NEEDS) {
            if (pattern.test(step.text) && !anyOf.some((capability) => tags.has(capability))) {
              problems.push(`${file.slice(FEATURES_DIR.length + 1)} › ${pickle.name}: "${step.text}" needs @requires-${anyOf.join(' or @requires-')}`);
            }
          }
        }
        for (const tag of tags) if (pickle.tags.some((t) => t.name === `@requires-${tag}`)) assert.ok(Object.hasOwn(SP_CAPABILITIES, tag), `${file}: @requires-${tag} is not a capability`);
      }
    }
    assert.ok(scenarios > 100, `found the features (${scenarios} scenarios)`);
    assert.deepEqual([...new Set(problems)], []);
  });
});
