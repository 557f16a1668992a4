/**
 * SignIn: a person signs in to the SP, in the ways the vendor guides show (SSO from an entry point,
 * from the Okta dashboard tile, a password, an invitation), and answers the SP's join prompt. Each
 * stops once the person has done their part: where the browser ends up is for the Then steps
 * (tasks/outcomes.ts) to judge.
 *
 * Every sign-in first notes what the SP's session said in that browser and how many requests the
 * browser had made, so a refusal can be checked to leave the session as it was and the SP's
 * callback to have received nothing since.
 */
import type { SignInEntryPoint } from '../drivers/sp-driver.ts';
import { driverMethod } from '../drivers/sp-driver.ts';
import type { EntryPointKind } from '../support/parameter-types.ts';
import type { ActorBrowser, ConformanceWorld, SignInAttempt } from '../support/world.ts';
import { OktaDashboard, OktaSignInPage } from './okta-pages.ts';

/** How long a browser may still be finishing an earlier sign-in (its last redirects) before the next one starts. */
const SETTLE_TIMEOUT_MS = 10_000;

async function begin(world: ConformanceWorld, actorName: string): Promise<ActorBrowser> {
  const browser = await world.browserOf(actorName);
  // A step that only signs in ("Given Carol signs in …") reads no outcome, so the browser may still
  // be on its way back to the SP (auto-posted form, then a redirect): let it arrive first, or the
  // probe's navigation would be cut short by it.
  await browser.page.waitForLoadState('networkidle', { timeout: SETTLE_TIMEOUT_MS }).catch(() => undefined);
  const session = await world.sp.probeSession(browser.page);
  world.beforeSignIn.set(actorName, { session, requests: browser.network.entries.length });
  return browser;
}

/** Starts SSO at the SP and, when Okta asks, enters the Okta username and password. */
async function throughSso(world: ConformanceWorld, actorName: string, entry: SignInEntryPoint): Promise<SignInAttempt> {
  const { page } = await begin(world, actorName);
  await world.sp.startSignIn(page, entry);
  const idpOrigin = new URL(world.idpOrg.get().baseUrl).origin;
  const askedForPassword = await OktaSignInPage.isShown(page, idpOrigin);
  if (askedForPassword) await OktaSignInPage.signIn(page, world.actor(actorName));
  const attempt = { askedForPassword };
  world.recordSignInAttempt(actorName, attempt);
  return attempt;
}

export const SignIn = {
  withSso(world: ConformanceWorld, actorName: string, kind: EntryPointKind, writtenPortalKey: string): Promise<SignInAttempt> {
    return throughSso(world, actorName, { kind, portalKey: world.names.portalKey(writtenPortalKey) });
  },

  /** "Sign in with SSO" with the person's work email (the SP finds the organization by its domain). */
  withWorkEmail(world: ConformanceWorld, actorName: string): Promise<SignInAttempt> {
    return throughSso(world, actorName, { kind: 'email', email: world.actor(actorName).email });
  },

  /** The invitation link sent to `invitedName`, opened by `actorName` (the same person, or not). */
  throughInvitation(world: ConformanceWorld, actorName: string, invitedName: string): Promise<SignInAttempt> {
    return throughSso(world, actorName, { kind: 'invitation', invitation: world.invitationOf(invitedName) });
  },

  async fromDashboard(world: ConformanceWorld, actorName: string, label: string): Promise<void> {
    const { page } = await begin(world, actorName);
    const attempt = await OktaDashboard.open(page, world.idpOrg.get().baseUrl, world.actor(actorName));
    world.recordSignInAttempt(actorName, attempt);
    await OktaDashboard.launch(page, label);
  },

  async withPassword(world: ConformanceWorld, actorName: string): Promise<void> {
    const { page } = await begin(world, actorName);
    const actor = world.actor(actorName);
    await driverMethod(world.sp, 'signInWithPassword')(page, actor.email, actor.password);
  },

  /** "Set a password" on the invitation: the person is then signed in with it. */
  async acceptInvitationWithPassword(world: ConformanceWorld, actorName: string): Promise<void> {
    const { page } = await begin(world, actorName);
    await driverMethod(world.sp, 'acceptInvitationWithPassword')(page, world.invitationOf(actorName), world.actor(actorName).password);
  },

  async answerJoinPrompt(world: ConformanceWorld, actorName: string, answer: 'accept' | 'decline'): Promise<void> {
    const { page } = await world.browserOf(actorName);
    await driverMethod(world.sp, 'answerJoinPrompt')(page, answer);
  },
};
