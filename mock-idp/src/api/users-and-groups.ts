/**
 * /api/v1/users and /api/v1/groups: create, list, read, partial update, lifecycle and delete of
 * users; groups and their membership. Lifecycle follows Okta's rules (okta-mgmt.yaml): suspend only
 * an ACTIVE user, unsuspend only a SUSPENDED one, activate a STAGED or DEPROVISIONED one, deactivate
 * anyone not yet DEPROVISIONED; DELETE deactivates first and deletes on the second call. Any other
 * transition is 400 E0000001 naming the status.
 */
import express, { type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { readGroupInput, readUserInput, readUserProfileUpdate } from '../tenant/inputs.ts';
import type { Group, User, UserStatus } from '../tenant/model.ts';
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

type LifecycleAction = 'activate' | 'deactivate' | 'suspend' | 'unsuspend';

/** Okta's lifecycle operations: from which statuses each may run, and the status it leaves. */
const LIFECYCLE: Record<LifecycleAction, { from: readonly UserStatus[]; to: UserStatus }> = {
  activate: { from: ['STAGED', 'DEPROVISIONED'], to: 'ACTIVE' },
  deactivate: { from: ['STAGED', 'ACTIVE', 'SUSPENDED'], to: 'DEPROVISIONED' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  unsuspend: { from: ['SUSPENDED'], to: 'ACTIVE' },
};

function isLifecycleAction(action: string): action is LifecycleAction {
  return Object.prototype.hasOwnProperty.call(LIFECYCLE, action);
}

function changeStatus(org: Org, user: User, action: LifecycleAction): void {
  const rule = LIFECYCLE[action];
  if (!rule.from.includes(user.status)) {
    throw oktaErrors.validation([`status: cannot ${action} a user whose status is ${user.status}`]);
  }
  org.store.setUserStatus(user, rule.to);
  org.log(`user ${user.profile.login}: ${action} → ${rule.to}`);
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
  // Okta's partial update; PUT (full replacement) is not offered by the mock.
  router.post('/users/:id', (req, res) => {
    const user = findUser(org, req.params.id);
    const update = readOrRefuse((issues) => readUserProfileUpdate(jsonBody(req), issues));
    if (user.status === 'DEPROVISIONED') throw oktaErrors.validation(['status: a deactivated user\'s profile cannot be updated']);
    refuseDuplicates(() => org.store.updateUser(user, update));
    org.log(`user ${user.profile.login}: profile updated`);
    res.json(userJson(user, origin));
  });
  router.post('/users/:id/lifecycle/:action', (req, res) => {
    const user = findUser(org, req.params.id);
    const action = req.params.action;
    if (!isLifecycleAction(action)) throw oktaErrors.notFound(req.path);
    changeStatus(org, user, action);
    res.status(200).json({});
  });
  router.delete('/users/:id', (req, res) => {
    const user = findUser(org, req.params.id);
    if (user.status !== 'DEPROVISIONED') {
      changeStatus(org, user, 'deactivate');
    } else {
      org.store.deleteUser(user);
      org.sessions.endAllOf(user.id);
      org.log(`user ${user.profile.login}: deleted`);
    }
    res.status(204).end();
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
  router.delete('/groups/:groupId/users/:userId', (req, res) => {
    const group = findGroup(org, req.params.groupId);
    const user = findUser(org, req.params.userId);
    if (!group.memberIds.has(user.id)) throw oktaErrors.notFound(`${user.id} in group ${group.id}`);
    org.store.removeUserFromGroup(group, user);
    res.status(204).end();
  });
  return router;
}
