/**
 * /api/v1/groups: create, list (q, filter, search, paging), read, replace, delete, membership, and
 * the apps a group is assigned to. Deleting a group ends its app assignments: members who reached
 * an app only through it lose it at once.
 */
import express, { type Request, type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { readGroupInput } from '../tenant/inputs.ts';
import { jsonBody, readOrRefuse, refuseDuplicates } from './body.ts';
import { appJson, groupJson, userJson, type OktaGroup } from './okta-json.ts';
import { page, queryParam } from './paging.ts';
import { DATE_FILTER, EQ, SEARCH, SEARCH_CONTAINS, compileQuery, dialect, type Predicate } from './query.ts';
import { findGroup, findUser } from './users.ts';

const GROUP_FILTER = dialect('filter', { id: EQ, type: EQ, lastUpdated: DATE_FILTER, lastMembershipUpdated: DATE_FILTER }, true);
const GROUP_SEARCH = dialect(
  'search',
  { id: SEARCH, type: SEARCH, created: SEARCH, lastUpdated: SEARCH, lastMembershipUpdated: SEARCH, 'profile.name': SEARCH_CONTAINS, 'profile.*': SEARCH },
  false,
);

function listGroups(org: Org, req: Request, origin: string): OktaGroup[] {
  const tests: Predicate[] = [];
  const q = queryParam(req, 'q');
  const filter = queryParam(req, 'filter');
  const search = queryParam(req, 'search');
  if (filter !== undefined) tests.push(compileQuery(filter, GROUP_FILTER));
  if (search !== undefined) tests.push(compileQuery(search, GROUP_SEARCH));
  // `q`: a prefix of the group's name, without case.
  if (q !== undefined) tests.push((json) => (json as OktaGroup).profile.name.toLowerCase().startsWith(q.toLowerCase()));
  return org.store
    .listGroups()
    .map((group) => groupJson(group, origin))
    .filter((json) => tests.every((test) => test(json)));
}

export function groupsRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;

  router.post('/groups', (req, res) => {
    const input = readOrRefuse((issues) => readGroupInput(jsonBody(req), '', issues));
    const group = refuseDuplicates(() => org.store.createGroup(input));
    res.status(200).json(groupJson(group, origin));
  });
  router.get('/groups', (req, res) => {
    res.json(page(req, res, origin, listGroups(org, req, origin)));
  });
  router.get('/groups/:id', (req, res) => {
    res.json(groupJson(findGroup(org, req.params.id), origin));
  });
  router.put('/groups/:id', (req, res) => {
    const group = findGroup(org, req.params.id);
    const input = readOrRefuse((issues) => readGroupInput(jsonBody(req), '', issues));
    res.json(groupJson(refuseDuplicates(() => org.store.updateGroup(group, input)), origin));
  });
  router.delete('/groups/:id', (req, res) => {
    const group = findGroup(org, req.params.id);
    org.store.deleteGroup(group);
    org.log(`group ${group.profile.name}: deleted`);
    res.status(204).end();
  });
  router.get('/groups/:id/users', (req, res) => {
    const group = findGroup(org, req.params.id);
    const members = org.store.listUsers().filter((user) => group.memberIds.has(user.id));
    res.json(page(req, res, origin, members).map((user) => userJson(user, origin)));
  });
  router.put('/groups/:groupId/users/:userId', (req, res) => {
    const group = findGroup(org, req.params.groupId);
    org.store.addUserToGroup(group, findUser(org, req.params.userId));
    res.status(204).end();
  });
  router.delete('/groups/:groupId/users/:userId', (req, res) => {
    const group = findGroup(org, req.params.groupId);
    const user = findUser(org, req.params.userId);
    if (!group.memberIds.has(user.id)) throw oktaErrors.notFound(`${user.id} in group ${group.id}`);
    org.store.removeUserFromGroup(group, user);
    res.status(204).end();
  });
  router.get('/groups/:id/apps', (req, res) => {
    const group = findGroup(org, req.params.id);
    const apps = org.store.listApps().filter((app) => app.groupAssignments.has(group.id));
    res.json(page(req, res, origin, apps).map((app) => appJson(app, origin)));
  });
  return router;
}
