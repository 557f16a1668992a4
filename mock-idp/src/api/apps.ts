/**
 * /api/v1/apps: SAML 2.0 and OpenID Connect app integrations (create, read, replace, lifecycle), their
 * user and group assignments, and a SAML app's IdP metadata. PUT lays the body over the app as
 * stored, so a client may send the whole app (as Okta's SDKs do) or only what changes.
 */
import express, { type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { buildIdpMetadata } from '../saml/metadata.ts';
import { readAppInput } from '../tenant/app-inputs.ts';
import type { Fields, Issues } from '../tenant/fields.ts';
import { readSamlAppInput, type SamlAppInput } from '../tenant/inputs.ts';
import type { App, OidcApp, SamlApp } from '../tenant/model.ts';
import { readOidcAppInput, type OidcAppInput } from '../tenant/oidc-inputs.ts';
import { jsonBody, readOrRefuse, refuseDuplicates } from './body.ts';
import { appGroupJson, appJson, appUserJson } from './okta-json.ts';
import { page } from './paging.ts';
import { findGroup, findUser } from './users-and-groups.ts';

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

/** A PUT replaces the app's settings; its kind and name stay. */
function replaceApp(org: Org, app: App, body: Fields): App {
  if (body['signOnMode'] !== undefined && body['signOnMode'] !== app.signOnMode) {
    throw oktaErrors.validation([`signOnMode: cannot be changed (the app is ${app.signOnMode})`]);
  }
  if (body['name'] !== undefined && body['name'] !== app.name) throw oktaErrors.validation(['name: cannot be changed']);
  switch (app.signOnMode) {
    case 'SAML_2_0': {
      const input = readOrRefuse((issues: Issues) => readSamlAppInput({ ...body, signOnMode: 'SAML_2_0' }, '', issues, currentSamlInput(app)));
      return org.store.updateSamlApp(app, input);
    }
    case 'OPENID_CONNECT': {
      const input = readOrRefuse((issues: Issues) => readOidcAppInput(body, '', issues, currentOidcInput(app), app.id));
      return org.store.updateOidcApp(app, input);
    }
  }
}

export function appsRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;

  router.post('/apps', async (req, res) => {
    const body = jsonBody(req);
    const input = readOrRefuse((issues) => readAppInput(body, '', issues));
    const app = input.signOnMode === 'SAML_2_0' ? await refuseDuplicates(() => org.store.createSamlApp(input)) : org.store.createOidcApp(input);
    org.log(`app created: ${app.label} (${app.id})`);
    res.status(200).json(appJson(app, origin));
  });
  router.get('/apps', (req, res) => {
    res.json(page(req, res, origin, org.store.listApps()).map((app) => appJson(app, origin)));
  });
  router.get('/apps/:id', (req, res) => {
    res.json(appJson(findApp(org, req.params.id), origin));
  });
  router.put('/apps/:id', (req, res) => {
    const app = findApp(org, req.params.id);
    res.json(appJson(replaceApp(org, app, jsonBody(req)), origin));
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
    const assignments = org.store.appUsers(app).map((assignment) => ({ ...assignment, id: assignment.user.id }));
    res.json(page(req, res, origin, assignments).map((assignment) => appUserJson(app, assignment, origin)));
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
    const groups = [...app.groupAssignments].flatMap(([groupId, assignment]) => {
      const group = org.store.getGroup(groupId);
      return group ? [{ id: group.id, group, assignment }] : [];
    });
    res.json(page(req, res, origin, groups).map(({ group, assignment }) => appGroupJson(app, group, assignment.created, origin)));
  });

  router.get('/apps/:id/sso/saml/metadata', (req, res) => {
    const app = findApp(org, req.params.id);
    // Okta answers 404 for the SAML metadata of an app that is not a SAML app.
    if (app.signOnMode !== 'SAML_2_0') throw oktaErrors.notFound(`SAML metadata of ${app.id} (a ${app.signOnMode} app)`);
    res.type('application/xml').send(buildIdpMetadata(app, origin));
  });
  return router;
}
