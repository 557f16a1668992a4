/**
 * What a person ends up seeing, checked through the SP driver's outcome contract (sp-driver.ts):
 * signed in as whom, refused with which code (and nothing changed), asked to join, or Okta's page.
 */
import assert from 'node:assert/strict';
import type { Protocol } from '../support/parameter-types.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { OktaErrorPage } from './okta-pages.ts';

export const Outcome = {
  async signedIn(world: ConformanceWorld, actorName: string, organization: string, role: string, method: Protocol | 'password'): Promise<void> {
    const { page } = await world.browserOf(actorName);
    assert.deepEqual(await world.sp.readOutcome(page), { kind: 'signed-in', email: world.actor(actorName).email, organization, role, method });
  },

  /** Refused with `code`, and the browser's SP session is what it was before the attempt (none, for a first sign-in). */
  async refused(world: ConformanceWorld, actorName: string, code: string): Promise<void> {
    const { page } = await world.browserOf(actorName);
    assert.deepEqual(await world.sp.readOutcome(page), { kind: 'refused', code });
    const before = world.beforeSignIn.get(actorName)?.session ?? { signedIn: false };
    assert.deepEqual(await world.sp.probeSession(page), before, `the refused sign-in changed ${actorName}'s session`);
  },

  async askedToJoin(world: ConformanceWorld, actorName: string, organization: string): Promise<void> {
    const { page } = await world.browserOf(actorName);
    assert.deepEqual(await world.sp.readOutcome(page), { kind: 'join-prompt', organization, email: world.actor(actorName).email });
  },

  async notSignedIn(world: ConformanceWorld, actorName: string): Promise<void> {
    const { page } = await world.browserOf(actorName);
    assert.deepEqual(await world.sp.probeSession(page), { signedIn: false }, `${actorName}'s browser holds an SP session`);
  },

  async stillSignedIn(world: ConformanceWorld, actorName: string, method: Protocol | 'password'): Promise<void> {
    const { page } = await world.browserOf(actorName);
    const probe = await world.sp.probeSession(page);
    assert.ok(probe.signedIn && probe.email === world.actor(actorName).email && probe.method === method, `${actorName} is not signed in with ${method}: ${JSON.stringify(probe)}`);
  },

  async oktaError(world: ConformanceWorld, actorName: string, code: string): Promise<void> {
    const { page } = await world.browserOf(actorName);
    assert.equal(await OktaErrorPage.readCode(page, new URL(world.idpOrg.get().baseUrl).origin), code);
  },

  /** Nothing reached the SP's SAML ACS or OIDC redirect URI from this browser since the last sign-in started. */
  async callbackUntouched(world: ConformanceWorld, actorName: string): Promise<void> {
    const { network } = await world.browserOf(actorName);
    const since = world.beforeSignIn.get(actorName)?.requests ?? 0;
    const callback = world.spCallbackUrl.get();
    assert.deepEqual(network.entries.slice(since).filter((entry) => entry.url.startsWith(callback)), [], "the browser reached the SP's callback");
  },

  passwordNotAskedAgain(world: ConformanceWorld, actorName: string): void {
    const history = world.signInAttempts.get(actorName) ?? [];
    assert.equal(history.length, 2, `expected two sign-ins by ${actorName}`);
    assert.equal(history[0]!.askedForPassword, true, 'the first sign-in should have asked for the password');
    assert.equal(history[1]!.askedForPassword, false, 'the second sign-in asked for the password again');
  },
};
