/**
 * /api/v1/apps: SAML 2.0 app integrations (create, read, replace, lifecycle), their user and group
 * assignments, and their IdP metadata. PUT lays the body over the app as stored, so a client may send
 * the whole app (as Okta's SDKs do) or only what changes.
 */
import express, { type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { buildIdpMetadata } from '../saml/metadata.ts';
import { readSamlAppInput, type SamlAppInput } from '../tenant/inputs.ts';
import type { App } from '../tenant/model.ts';
import { jsonBody, readOrRefuse, refuseDuplicates } from './body.ts';
import { appGroupJson, appJson, appUserJson } from './okta-json.ts';
import { page } from './paging.ts';
import { findGroup, findUser } from './users-and-groups.ts';

function findApp(org: Org, id: string): App {
  const app = org.store.getApp(id);
  if (!app) throw oktaErrors.notFound(id);
  return app;
}

function currentInput(app: App): SamlAppInput {
  return { label: app.label, name: app.name, signOn: app.signOn, userNameTemplate: app.userNameTemplate, visibility: app.visibility };
}

function checkSignOnMode(body: Record<string, unknown>): void {
  const mode = body['signOnMode'];
  if (mode !== undefined && mode !== 'SAML_2_0') {
    throw oktaErrors.validation([`signOnMode: ${String(mode)} is not supported by the mock yet (SAML_2_0)`]);
  }
}

export function appsRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;

  router.post('/apps', async (req, res) => {
    const body = jsonBody(req);
    checkSignOnMode(body);
    const input = readOrRefuse((issues) => readSamlAppInput(body, '', issues));
    const app = await refuseDuplicates(() => org.store.createSamlApp(input));
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
    const body = jsonBody(req);
    checkSignOnMode(body);
    if (body['name'] !== undefined && body['name'] !== app.name) throw oktaErrors.validation(['name: cannot be changed']);
    const input = readOrRefuse((issues) => readSamlAppInput(body, '', issues, currentInput(app)));
    res.json(appJson(org.store.updateSamlApp(app, input), origin));
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
    res.type('application/xml').send(buildIdpMetadata(app, origin));
  });
  return router;
}
