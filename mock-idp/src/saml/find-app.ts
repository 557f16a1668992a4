/**
 * Step 2: the app the SSO URL names. Both the app name and the external key must match an ACTIVE
 * SAML app of this org; anything else is IDP_APP_NOT_FOUND (Okta shows a 404 page, never a Response).
 */
import { IdpError } from '../errors.ts';
import type { SamlApp } from '../tenant/model.ts';
import type { OrgStore } from '../tenant/org-store.ts';

export function findSamlApp(store: OrgStore, appName: string, externalKey: string): SamlApp {
  const app = store.findSamlAppByExternalKey(externalKey);
  if (!app || app.name !== appName || app.status !== 'ACTIVE') {
    throw appNotFound();
  }
  return app;
}

export function appNotFound(): IdpError {
  // After a restart every app has a new id, external key and certificate: the usual cause.
  return new IdpError(
    'IDP_APP_NOT_FOUND',
    404,
    'There is no active app at this address. If the mock IdP was restarted, its apps have new addresses and keys: import the app\'s metadata (or SSO URL and certificate) into the SP again.',
    'App not found',
  );
}
