/**
 * Which apps the end-user dashboard shows a person: one tile per ACTIVE app assigned to them
 * (directly or through a group) whose "display application icon to users" is on
 * (`visibility.hide.web` false). An OIDC app whose login is initiated by the App Only
 * (`idp_initiated_login.mode` DISABLED) has no tile, as in Okta: a tile could not start its login.
 */
import type { App, User } from '../tenant/model.ts';
import type { OrgStore } from '../tenant/org-store.ts';

/** Whether a tile for the app can start a sign-in at all (SAML: always; OIDC: not App Only). */
export function launchableFromDashboard(app: App): boolean {
  switch (app.signOnMode) {
    case 'SAML_2_0':
      return true;
    case 'OPENID_CONNECT':
      return app.oauthClient.idp_initiated_login.mode !== 'DISABLED';
  }
}

export function dashboardApps(store: OrgStore, user: User): App[] {
  return store
    .listApps()
    .filter((app) => app.status === 'ACTIVE' && !app.visibility.hide.web && launchableFromDashboard(app) && store.assignmentOf(app, user) !== undefined)
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The tile's link, Okta's `/home/{appName}/{appId}/…` layout. */
export const launchPath = (app: Pick<App, 'name' | 'id'>): string => `/home/${app.name}/${app.id}/launch`;
