/**
 * SignIn.withSso: a person starts SSO at the SP and, when Okta asks, enters their Okta password.
 * It stops there: where the browser ends up is for the Then steps to judge.
 */
import type { SignInEntryPoint } from '../drivers/sp-driver.ts';
import type { EntryPointKind } from '../support/parameter-types.ts';
import type { ConformanceWorld, SignInAttempt } from '../support/world.ts';
import { OktaSignInPage } from './okta-pages.ts';

export const SignIn = {
  async withSso(world: ConformanceWorld, actorName: string, kind: EntryPointKind, writtenPortalKey: string): Promise<SignInAttempt> {
    const actor = world.actor(actorName);
    const { page } = await world.browserOf(actorName);
    const entry: SignInEntryPoint = { kind, portalKey: world.names.portalKey(writtenPortalKey) };
    await world.sp.startSignIn(page, entry);
    const idpOrigin = new URL(world.idpOrg.get().baseUrl).origin;
    const askedForPassword = await OktaSignInPage.isShown(page, idpOrigin);
    if (askedForPassword) await OktaSignInPage.signIn(page, actor);
    const attempt = { askedForPassword };
    world.recordSignInAttempt(actorName, attempt);
    return attempt;
  },
};
