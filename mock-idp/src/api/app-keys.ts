/**
 * An app's key credentials, as Okta's ApplicationSSOCredentialKey API has them:
 *
 *   GET  /apps/{id}/credentials/keys                      the app's keys (JsonWebKey, with x5c)
 *   GET  /apps/{id}/credentials/keys/{kid}                one of them
 *   POST /apps/{id}/credentials/keys/generate?validityYears=2..10   a new key and certificate (201)
 *   POST /apps/{id}/credentials/keys/{kid}/clone?targetAid={appId}  the same key given to another app (201)
 *
 * A new key does not sign until it is selected: a PUT of the app with `credentials.signing.kid`
 * (Okta's rotation, ./apps.ts). Until then the SP can be given the new certificate ahead of time
 * (`GET /apps/{id}/sso/saml/metadata?kid=…`); once selected, the public metadata and every SAML
 * Response carry it.
 *
 * For OpenID Connect apps the same keys exist; `appSigningKey` is the hook for the authorization
 * servers (src/oidc/): the key Okta's org authorization server would sign this client's id_tokens
 * with, once the admin selected one (undefined otherwise: the server's own key signs).
 */
import express, { type Router } from 'express';
import { OktaApiError, oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import type { App, SigningCredentials } from '../tenant/model.ts';
import { DuplicateError } from '../tenant/org-store.ts';
import { keyJson } from './okta-json.ts';
import { queryParam } from './paging.ts';

/** Okta's limit on generated keys: 2 to 10 years. */
const MIN_YEARS = 2;
const MAX_YEARS = 10;
/** Keys one app may hold; Okta has no published bound, a mock needs one (each key is ~3 KB). */
export const MAX_KEYS_PER_APP = 50;

export function appSigningKey(app: App): SigningCredentials | undefined {
  const kid = app.signOnMode === 'SAML_2_0' ? app.signing.kid : app.signingKid;
  return kid ? app.keys.find((key) => key.kid === kid) : undefined;
}

function findApp(org: Org, id: string): App {
  const app = org.store.getApp(id);
  if (!app) throw oktaErrors.notFound(id);
  return app;
}

function findKey(app: App, kid: string): SigningCredentials {
  const key = app.keys.find((held) => held.kid === kid);
  if (!key) throw oktaErrors.notFound(`key credential ${kid} of app ${app.id}`);
  return key;
}

function roomFor(app: App): void {
  if (app.keys.length >= MAX_KEYS_PER_APP) throw oktaErrors.validation([`keys: an app holds at most ${MAX_KEYS_PER_APP} key credentials in the mock`]);
}

export function appKeysRouter(org: Org): Router {
  const router = express.Router();

  router.get('/apps/:id/credentials/keys', (req, res) => {
    res.json(findApp(org, req.params.id).keys.map(keyJson));
  });
  router.get('/apps/:id/credentials/keys/:kid', (req, res) => {
    res.json(keyJson(findKey(findApp(org, req.params.id), req.params.kid)));
  });
  router.post('/apps/:id/credentials/keys/generate', async (req, res) => {
    const app = findApp(org, req.params.id);
    const years = Number(queryParam(req, 'validityYears'));
    if (!Number.isInteger(years) || years < MIN_YEARS || years > MAX_YEARS) {
      throw new OktaApiError('E0000001', 400, 'Api validation failed: generateKey', [`Validity years out of range. It should be ${MIN_YEARS} - ${MAX_YEARS} years.`]);
    }
    roomFor(app);
    const key = await org.store.generateAppKey(app, years);
    org.log(`app ${app.label}: key credential ${key.kid} generated`);
    res.status(201).json(keyJson(key));
  });
  router.post('/apps/:id/credentials/keys/:kid/clone', (req, res) => {
    const key = findKey(findApp(org, req.params.id), req.params.kid);
    const targetId = queryParam(req, 'targetAid');
    if (!targetId) throw oktaErrors.validation(['targetAid: is required']);
    const target = findApp(org, targetId);
    roomFor(target);
    try {
      org.store.cloneAppKey(key, target);
    } catch (error) {
      if (error instanceof DuplicateError) throw new OktaApiError('E0000001', 400, 'Api validation failed: cloneKey', [error.message]);
      throw error;
    }
    res.status(201).json(keyJson(key));
  });
  return router;
}
