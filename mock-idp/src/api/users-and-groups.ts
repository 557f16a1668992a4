/** /api/v1/users and /api/v1/groups: create, list, read, and group membership. */
import express, { type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { readGroupInput, readUserInput } from '../tenant/inputs.ts';
import type { Group, User } from '../tenant/model.ts';
import { jsonBody, readOrRefuse, refuseDuplicates } from './body.ts';
import { groupJson, userJson } from './okta-json.ts';
import { page } from './paging.ts';

export function findUser(org: Org, idOrLogin: string): User {
  const user = org.store.getUser(idOrLogin) ?? org.store.findUserByLogin(idOrLogin);
  if (!user) throw oktaErrors.notFound(idOrLogin);
  return user;
}

export function findGroup(org: Org, id: string): Group {
  const group = org.store.getGroup(id);
  if (!group) throw oktaErrors.notFound(id);
  return group;
}

export function usersAndGroupsRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;

  router.post('/users', (req, res) => {
    // ?activate=false makes a STAGED user, as in Okta.
    const initial = req.query['activate'] === 'false' ? 'STAGED' : 'ACTIVE';
    const input = readOrRefuse((issues) => readUserInput(jsonBody(req), '', issues, initial));
    const user = refuseDuplicates(() => org.store.createUser(input));
    res.status(200).json(userJson(user, origin));
  });
  router.get('/users', (req, res) => {
    res.json(page(req, res, origin, org.store.listUsers()).map((user) => userJson(user, origin)));
  });
  router.get('/users/:id', (req, res) => {
    res.json(userJson(findUser(org, req.params.id), origin));
  });

  router.post('/groups', (req, res) => {
    const input = readOrRefuse((issues) => readGroupInput(jsonBody(req), '', issues));
    const group = refuseDuplicates(() => org.store.createGroup(input));
    res.status(200).json(groupJson(group, origin));
  });
  router.get('/groups', (req, res) => {
    res.json(page(req, res, origin, org.store.listGroups()).map((group) => groupJson(group, origin)));
  });
  router.get('/groups/:id', (req, res) => {
    res.json(groupJson(findGroup(org, req.params.id), origin));
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
  return router;
}
