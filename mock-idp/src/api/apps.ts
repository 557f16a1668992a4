/**
 * /api/v1/apps: SAML 2.0 and OpenID Connect app integrations (create, list with q / filter, read,
 * replace, lifecycle, delete), their user and group assignments, and a SAML app's IdP metadata
 * (`text/xml`, as Okta's spec says). PUT lays the body over the app as stored, so a client may send
 * the whole app (as Okta's SDKs do) or only what changes; `credentials.signing.kid` in it selects
 * which key credential signs (./app-keys.ts). Okta deletes only an app that was deactivated first.
 */
import express, { type Request, type Router } from 'express';
import { OktaApiError, oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { buildIdpMetadata } from '../saml/metadata.ts';
import { readAppInput } from '../tenant/app-inputs.ts';
import { isObject, type Fields, type Issues } from '../tenant/fields.ts';
import { readSamlAppInput, type SamlAppInput } from '../tenant/inputs.ts';
import type { App, OidcApp, SamlApp } from '../tenant/model.ts';
import { readOidcAppInput, type OidcAppInput } from '../tenant/oidc-inputs.ts';
import { jsonBody, readOrRefuse, refuseDuplicates } from './body.ts';
import { appGroupJson, appJson, appUserJson, type OktaApp, type OktaAppUser } from './okta-json.ts';
import { page, queryParam } from './paging.ts';
import { EQ, compileQuery, dialect, type Predicate } from './query.ts';
import { findGroup, findUser } from './users.ts';

function findApp(org: Org, id: string): App {
  const app = org.store.getApp(id);
  if (!app) throw oktaErrors.notFound(id);
  return app;
}

function currentSamlInput(app: SamlApp): SamlAppInput {
  return { signOnMode: 'SAML_2_0', label: app.label, name: app.name, signOn: app.signOn, userNameTemplate: app.userNameTemplate, visibility: app.visibility };
}

function currentOidcInput(app: OidcApp): OidcAppInput {
  const { token_endpoint_auth_method, pkce_required, client_secret } = app.credentials;
  return {
    signOnMode: 'OPENID_CONNECT',
    label: app.label,
    name: app.name,
    oauthClient: app.oauthClient,
    credentials: { token_endpoint_auth_method, pkce_required, ...(client_secret ? { client_secret } : {}) },
    userNameTemplate: app.userNameTemplate,
    visibility: app.visibility,
  };
}

/** `credentials.signing.kid` of a PUT body: one of the app's key credentials, or absent. */
function readSigningKid(app: App, body: Fields): string | undefined {
  const credentials = body['credentials'];
  const signing = isObject(credentials) ? credentials['signing'] : undefined;
  const kid = isObject(signing) ? signing['kid'] : undefined;
  if (kid === undefined || kid === null) return undefined;
  if (typeof kid !== 'string' || !app.keys.some((key) => key.kid === kid)) {
    throw oktaErrors.validation(["credentials.signing.kid: must be the kid of one of the app's key credentials (/credentials/keys)"]);
  }
  return kid;
}

/** A PUT replaces the app's settings; its kind and name stay. Everything is checked before anything changes. */
function replaceApp(org: Org, app: App, body: Fields): App {
  if (body['signOnMode'] !== undefined && body['signOnMode'] !== app.signOnMode) {
    throw oktaErrors.validation([`signOnMode: cannot be changed (the app is ${app.signOnMode})`]);
  }
  if (body['name'] !== undefined && body['name'] !== app.name) throw oktaErrors.validation(['name: cannot be changed']);
  const kid = readSigningKid(app, body);
  switch (app.signOnMode) {
    case 'SAML_2_0': {
      const input = readOrRefuse((issues: Issues) => readSamlAppInput({ ...body, signOnMode: 'SAML_2_0' }, '', issues, currentSamlInput(app)));
      if (kid) org.store.selectSigningKey(app, kid);
      return org.store.updateSamlApp(app, input);
    }
    case 'OPENID_CONNECT': {
      const input = readOrRefuse((issues: Issues) => readOidcAppInput(body, '', issues, currentOidcInput(app), app.id));
      if (kid) org.store.selectSigningKey(app, kid);
      return org.store.updateOidcApp(app, input);
    }
  }
}

/**
 * `filter` on apps: Okta's list (id, status, name, credentials.signing.kid, settings.slo.enabled)
 * and the older `user.id` / `group.id` (the apps assigned to a user or a group), `eq` only.
 */
const APP_FILTER = dialect(
  'filter',
  { id: EQ, status: EQ, name: EQ, 'credentials.signing.kid': EQ, 'settings.slo.enabled': EQ, 'user.id': EQ, 'group.id': EQ },
  true,
);

function listApps(org: Org, req: Request, origin: string): OktaApp[] {
  const q = queryParam(req, 'q');
  const filter = queryParam(req, 'filter');
  const tests: Predicate[] = [];
  if (filter !== undefined) {
    const test = compileQuery(filter, APP_FILTER);
    tests.push((json) => {
      const app = json as OktaApp;
      const stored = org.store.getApp(app.id)!;
      const signOn = app.signOnMode === 'SAML_2_0' ? app.settings.signOn : undefined;
      return test({
        ...app,
        settings: { ...app.settings, slo: signOn?.slo },
        user: { id: org.store.appUsers(stored).map((assignment) => assignment.user.id) },
        group: { id: [...stored.groupAssignments.keys()] },
      });
    });
  }
  // `q`: a prefix of the app's name or label, without case.
  if (q !== undefined) tests.push((json) => [(json as OktaApp).name, (json as OktaApp).label].some((value) => value.toLowerCase().startsWith(q.toLowerCase())));
  return org.store
    .listApps()
    .map((app) => appJson(app, origin))
    .filter((json) => tests.every((test) => test(json)));
}

/** `q` on an app's users: a prefix of the app username or the profile's names or email. */
function appUserMatches(q: string | undefined, json: OktaAppUser, org: Org): boolean {
  if (q === undefined) return true;
  const user = org.store.getUser(json.id)!;
  const prefix = q.toLowerCase();
  return [json.credentials.userName, user.profile.firstName, user.profile.lastName, user.profile.email].some((value) => value.toLowerCase().startsWith(prefix));
}

const deleteActiveApp = (): OktaApiError =>
  new OktaApiError('E0000056', 400, 'Delete application forbidden.', ['status: the app is ACTIVE; deactivate it first (POST …/lifecycle/deactivate)']);

export function appsRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;

  router.post('/apps', async (req, res) => {
    const body = jsonBody(req);
    // ?activate=false creates the app INACTIVE, as in Okta.
    const activate = queryParam(req, 'activate') !== 'false';
    const input = readOrRefuse((issues) => readAppInput(body, '', issues));
    const app = input.signOnMode === 'SAML_2_0' ? await refuseDuplicates(() => org.store.createSamlApp(input)) : org.store.createOidcApp(input);
    if (!activate) org.store.setAppStatus(app, 'INACTIVE');
    org.log(`app created: ${app.label} (${app.id})`);
    res.status(200).json(appJson(app, origin));
  });
  router.get('/apps', (req, res) => {
    res.json(page(req, res, origin, listApps(org, req, origin)));
  });
  router.get('/apps/:id', (req, res) => {
    res.json(appJson(findApp(org, req.params.id), origin));
  });
  router.put('/apps/:id', (req, res) => {
    const app = findApp(org, req.params.id);
    res.json(appJson(replaceApp(org, app, jsonBody(req)), origin));
  });
  router.delete('/apps/:id', (req, res) => {
    const app = findApp(org, req.params.id);
    if (app.status === 'ACTIVE') throw deleteActiveApp();
    org.store.deleteApp(app);
    org.log(`app deleted: ${app.label} (${app.id})`);
    res.status(204).end();
  });
  router.post('/apps/:id/lifecycle/:action', (req, res) => {
    const app = findApp(org, req.params.id);
    const action = req.params.action;
    if (action !== 'activate' && action !== 'deactivate') throw oktaErrors.notFound(req.path);
    org.store.setAppStatus(app, action === 'activate' ? 'ACTIVE' : 'INACTIVE');
    res.json({});
  });

  router.post('/apps/:id/users', (req, res) => {
    const app = findApp(org, req.params.id);
    const userId = jsonBody(req)['id'];
    if (typeof userId !== 'string' || userId === '') throw oktaErrors.validation(['id: is required']);
    const user = findUser(org, userId);
    org.store.assignUser(app, user);
    res.status(200).json(appUserJson(app, org.store.assignmentOf(app, user)!, origin));
  });
  router.get('/apps/:id/users', (req, res) => {
    const app = findApp(org, req.params.id);
    const q = queryParam(req, 'q');
    const appUsers = org.store
      .appUsers(app)
      .map((assignment) => appUserJson(app, assignment, origin))
      .filter((json) => appUserMatches(q, json, org));
    res.json(page(req, res, origin, appUsers));
  });
  // Okta's "Update an application user": the app username (credentials.userName).
  router.post('/apps/:id/users/:userId', (req, res) => {
    const app = findApp(org, req.params.id);
    const user = findUser(org, req.params.userId);
    if (!org.store.assignmentOf(app, user)) throw oktaErrors.notFound(`${user.id} in app ${app.id}`);
    const body = jsonBody(req);
    const credentials = body['credentials'];
    if (credentials !== undefined && credentials !== null) {
      const userName = isObject(credentials) ? credentials['userName'] : undefined;
      if (typeof userName !== 'string' || userName === '' || userName.length > 1024) {
        throw oktaErrors.validation(['credentials.userName: must be a non-empty string of at most 1024 characters']);
      }
      org.store.setAppUserName(app, user, userName);
    }
    res.json(appUserJson(app, org.store.assignmentOf(app, user)!, origin));
  });
  router.get('/apps/:id/users/:userId', (req, res) => {
    const app = findApp(org, req.params.id);
    const assignment = org.store.assignmentOf(app, findUser(org, req.params.userId));
    if (!assignment) throw oktaErrors.notFound(req.params.userId);
    res.json(appUserJson(app, assignment, origin));
  });
  // Okta's "Unassign": only a direct assignment can be removed; one through a group stays.
  router.delete('/apps/:id/users/:userId', (req, res) => {
    const app = findApp(org, req.params.id);
    const user = findUser(org, req.params.userId);
    if (!org.store.unassignUser(app, user)) {
      if (org.store.assignmentOf(app, user)) {
        throw oktaErrors.validation([`id: ${user.id} is assigned to the app through a group; remove them from the group instead`]);
      }
      throw oktaErrors.notFound(`${user.id} in app ${app.id}`);
    }
    org.log(`app ${app.label}: ${user.profile.login} unassigned`);
    res.status(204).end();
  });
  router.put('/apps/:id/groups/:groupId', (req, res) => {
    const app = findApp(org, req.params.id);
    const group = findGroup(org, req.params.groupId);
    org.store.assignGroup(app, group);
    res.json(appGroupJson(app, group, app.groupAssignments.get(group.id)!.created, origin));
  });
  router.get('/apps/:id/groups', (req, res) => {
    const app = findApp(org, req.params.id);
    const q = queryParam(req, 'q')?.toLowerCase();
    const groups = [...app.groupAssignments].flatMap(([groupId, assignment]) => {
      const group = org.store.getGroup(groupId);
      return group && (q === undefined || group.profile.name.toLowerCase().startsWith(q)) ? [{ id: group.id, group, assignment }] : [];
    });
    res.json(page(req, res, origin, groups).map(({ group, assignment }) => appGroupJson(app, group, assignment.created, origin)));
  });
  router.get('/apps/:id/groups/:groupId', (req, res) => {
    const app = findApp(org, req.params.id);
    const group = findGroup(org, req.params.groupId);
    const assignment = app.groupAssignments.get(group.id);
    if (!assignment) throw oktaErrors.notFound(`${group.id} in app ${app.id}`);
    res.json(appGroupJson(app, group, assignment.created, origin));
  });
  router.delete('/apps/:id/groups/:groupId', (req, res) => {
    const app = findApp(org, req.params.id);
    const group = findGroup(org, req.params.groupId);
    if (!org.store.unassignGroup(app, group)) throw oktaErrors.notFound(`${group.id} in app ${app.id}`);
    org.log(`app ${app.label}: group ${group.profile.name} unassigned`);
    res.status(204).end();
  });

  // Okta's "Preview the application SAML metadata": with the key credential `kid` names (the one
  // about to be selected, during a rotation), else the one signing now.
  router.get('/apps/:id/sso/saml/metadata', (req, res) => {
    const app = findApp(org, req.params.id);
    // Okta answers 404 for the SAML metadata of an app that is not a SAML app.
    if (app.signOnMode !== 'SAML_2_0') throw oktaErrors.notFound(`SAML metadata of ${app.id} (a ${app.signOnMode} app)`);
    const kid = queryParam(req, 'kid');
    const key = kid === undefined ? app.signing : app.keys.find((held) => held.kid === kid);
    if (!key) throw oktaErrors.notFound(`key credential ${kid} of app ${app.id}`);
    res.type('text/xml').send(buildIdpMetadata(app, origin, key));
  });
  return router;
}
