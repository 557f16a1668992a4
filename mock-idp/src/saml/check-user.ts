/**
 * Step 5: may this signed-in user use this app? The user must still be ACTIVE (an admin may have
 * suspended them since they signed in) and assigned, directly or through a group. An unassigned user
 * gets Okta's own error page (IDP_USER_NOT_ASSIGNED), never a SAML Response.
 */
import { IdpError, userNotAssigned } from '../errors.ts';
import type { App, User } from '../tenant/model.ts';
import type { OrgStore } from '../tenant/org-store.ts';

export function checkUserActive(user: User): void {
  if (user.status !== 'ACTIVE') {
    throw new IdpError('IDP_USER_INACTIVE', 403, 'This account is not active. Contact your administrator.', 'Account not active');
  }
}

export function checkAssignment(store: OrgStore, app: App, user: User): void {
  if (!store.assignmentOf(app, user)) throw userNotAssigned();
}
