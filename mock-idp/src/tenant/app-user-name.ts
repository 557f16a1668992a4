/**
 * Okta's app username: the app's userNameTemplate (`${source.login}` by default) over the user's
 * profile. The store keeps the value each user got (see `userNames` on the app record); this is
 * only the computation.
 */
import { evaluateTemplate } from './expressions.ts';
import type { App, User } from './model.ts';

export function computeAppUserName(app: Pick<App, 'userNameTemplate'>, user: User): string {
  return evaluateTemplate(app.userNameTemplate.template, { user: { id: user.id, ...user.profile } });
}

/** "Update application username on: Create and update" (PUSH, and Okta's default when unset). */
export function pushesUserNameUpdates(app: Pick<App, 'userNameTemplate'>): boolean {
  return app.userNameTemplate.pushStatus !== 'DONT_PUSH';
}
