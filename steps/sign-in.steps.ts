/** A person signing in with SSO, and what they end up seeing. */
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { OktaDashboard, OktaErrorPage } from './tasks/okta-pages.ts';
import { SignIn } from './tasks/sign-in.ts';
import type { EntryPointKind, Protocol } from './support/parameter-types.ts';
import type { ConformanceWorld } from './support/world.ts';

async function signInWithSso(this: ConformanceWorld, actorName: string, kind: EntryPointKind, portalKey: string): Promise<void> {
  await SignIn.withSso(this, actorName, kind, portalKey);
}

When('{actor} signs in with SSO through {entryPoint} {string}', signInWithSso);
When('{actor} signs in with SSO through {entryPoint} {string} again', signInWithSso);
When('{actor} tries SSO through {entryPoint} {string}', signInWithSso);

Then(
  '{actor} is signed in to {string} as {word} through {protocol}',
  async function (this: ConformanceWorld, actorName: string, organization: string, role: string, protocol: Protocol) {
    const { page } = await this.browserOf(actorName);
    const outcome = await this.sp.readOutcome(page);
    assert.deepEqual(outcome, {
      kind: 'signed-in',
      email: this.actor(actorName).email,
      organization,
      role,
      method: protocol,
    });
  },
);

Then("the SP refuses {actor}'s sign-in with {string}", async function (this: ConformanceWorld, actorName: string, code: string) {
  const { page } = await this.browserOf(actorName);
  assert.deepEqual(await this.sp.readOutcome(page), { kind: 'refused', code });
  // A refusal page is not enough: a refused sign-in must leave the browser without a session.
  assert.deepEqual(await this.sp.probeSession(page), { signedIn: false }, `${actorName}'s browser holds a session after the refusal`);
});

Then("{actor} sees Okta's error {string}", async function (this: ConformanceWorld, actorName: string, code: string) {
  const { page } = await this.browserOf(actorName);
  assert.equal(await OktaErrorPage.readCode(page, new URL(this.idpOrg.get().baseUrl).origin), code);
});

Then(
  "the SP's callback received nothing from {actor}'s browser",
  async function (this: ConformanceWorld, actorName: string) {
    const { network } = await this.browserOf(actorName);
    const sent = network.requestsTo(this.spCallbackUrl.get());
    assert.deepEqual(sent, [], "the browser reached the SP's callback");
  },
);

Then(
  'Okta did not ask {actor} for her/his/their password the second time',
  function (this: ConformanceWorld, actorName: string) {
    const history = this.signInAttempts.get(actorName) ?? [];
    assert.equal(history.length, 2, `expected two sign-ins by ${actorName}`);
    assert.equal(history[0]!.askedForPassword, true, 'the first sign-in should have asked for the password');
    assert.equal(history[1]!.askedForPassword, false, 'the second sign-in asked for the password again');
  },
);

When('{actor} launches {string} from the Okta dashboard', async function (this: ConformanceWorld, actorName: string, label: string) {
  const { page } = await this.browserOf(actorName);
  const attempt = await OktaDashboard.open(page, this.idpOrg.get().baseUrl, this.actor(actorName));
  this.recordSignInAttempt(actorName, attempt);
  await OktaDashboard.launch(page, label);
});

Then('{actor} sees no {string} tile on the Okta dashboard', async function (this: ConformanceWorld, actorName: string, label: string) {
  const { page } = await this.browserOf(actorName);
  await OktaDashboard.open(page, this.idpOrg.get().baseUrl, this.actor(actorName));
  assert.equal(await OktaDashboard.hasTile(page, label), false, `the dashboard shows a "${label}" tile`);
});
