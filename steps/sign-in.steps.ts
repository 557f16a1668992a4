/** A person signing in (SSO, the Okta dashboard, a password, an invitation), and what they end up seeing. */
import { Then, When } from '@cucumber/cucumber';
import { OktaDashboard } from './tasks/okta-pages.ts';
import { Outcome } from './tasks/outcomes.ts';
import { SignIn } from './tasks/sign-in.ts';
import type { EntryPointKind, Protocol } from './support/parameter-types.ts';
import type { ConformanceWorld } from './support/world.ts';

type World = ConformanceWorld;

async function withSso(this: World, name: string, kind: EntryPointKind, portalKey: string): Promise<void> {
  await SignIn.withSso(this, name, kind, portalKey);
}
When('{actor} signs in with SSO through {entryPoint} {string}', withSso);
When('{actor} signs in with SSO through {entryPoint} {string} again', withSso);
When('{actor} tries SSO through {entryPoint} {string}', withSso);

async function withWorkEmail(this: World, name: string): Promise<void> {
  await SignIn.withWorkEmail(this, name);
}
When('{actor} signs in with SSO with her/his work email', withWorkEmail);
When('{actor} tries SSO with her/his work email', withWorkEmail);

When('{actor} signs in with SSO through her/his invitation link', async function (this: World, name: string) {
  await SignIn.throughInvitation(this, name, name);
});

When("{actor} tries SSO through {actor}'s invitation link", async function (this: World, name: string, invited: string) {
  await SignIn.throughInvitation(this, name, invited);
});

When('{actor} launches {string} from the Okta dashboard', async function (this: World, name: string, label: string) {
  await SignIn.fromDashboard(this, name, label);
});

When('{actor} signs in to the SP with her/his password', async function (this: World, name: string) {
  await SignIn.withPassword(this, name);
});

When('{actor} accepts her/his invitation with a password', async function (this: World, name: string) {
  await SignIn.acceptInvitationWithPassword(this, name);
});

When('{actor} accepts to join', async function (this: World, name: string) {
  await SignIn.answerJoinPrompt(this, name, 'accept');
});

When('{actor} declines to join', async function (this: World, name: string) {
  await SignIn.answerJoinPrompt(this, name, 'decline');
});

Then('{actor} is signed in to {string} as {role} through {protocol}', async function (this: World, name: string, organization: string, role: string, protocol: Protocol) {
  await Outcome.signedIn(this, name, organization, role, protocol);
});

Then('{actor} is signed in to {string} as {role} with her/his password', async function (this: World, name: string, organization: string, role: string) {
  await Outcome.signedIn(this, name, organization, role, 'password');
});

Then("the SP refuses {actor}'s sign-in with {string}", async function (this: World, name: string, code: string) {
  await Outcome.refused(this, name, code);
});

Then('{actor} is asked to join {string}', async function (this: World, name: string, organization: string) {
  await Outcome.askedToJoin(this, name, organization);
});

Then('{actor} is not signed in to the SP', async function (this: World, name: string) {
  await Outcome.notSignedIn(this, name);
});

Then('{actor} has been signed out of the SP', async function (this: World, name: string) {
  await Outcome.notSignedIn(this, name);
});

Then('{actor} is still signed in to the SP with her/his password', async function (this: World, name: string) {
  await Outcome.stillSignedIn(this, name, 'password');
});

Then("{actor} sees Okta's error {string}", async function (this: World, name: string, code: string) {
  await Outcome.oktaError(this, name, code);
});

Then("the SP's callback received nothing from {actor}'s browser", async function (this: World, name: string) {
  await Outcome.callbackUntouched(this, name);
});

Then('Okta did not ask {actor} for her/his/their password the second time', function (this: World, name: string) {
  Outcome.passwordNotAskedAgain(this, name);
});

Then('{actor} sees no {string} tile on the Okta dashboard', async function (this: World, name: string, label: string) {
  await OktaDashboard.expectNoTile(this, name, label);
});
