/**
 * /api/v1/users: create, list (q, filter, search, paging), read, replace (PUT), partial update
 * (POST), lifecycle and delete of users, and the groups and app links of one user.
 *
 * Lifecycle follows Okta's rules (okta-mgmt.yaml): suspend only an ACTIVE user, unsuspend only a
 * SUSPENDED one, activate a STAGED or DEPROVISIONED one (PROVISIONED when the user has no password:
 * Okta would mail an activation link), reactivate only a PROVISIONED one, deactivate anyone not yet
 * DEPROVISIONED; DELETE deactivates first and deletes on the second call. Any other transition is
 * 400 E0000001 naming the status. activate and reactivate answer Okta's UserActivationToken when
 * `sendEmail=false` (the mock sends no mail either way).
 */
import express, { type Request, type Response, type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import { newSecret } from '../ids.ts';
import type { Org } from '../org.ts';
import { isObject, type Fields, type Issues } from '../tenant/fields.ts';
import { readUserInput, readUserProfileUpdate, readUserReplacement, type UserProfileUpdate } from '../tenant/inputs.ts';
import type { Group, User, UserStatus } from '../tenant/model.ts';
import { jsonBody, readOrRefuse, refuseDuplicates } from './body.ts';
import { appLinkJson, groupJson, userJson, type OktaUser } from './okta-json.ts';
import { page, queryParam } from './paging.ts';
import { DATE_FILTER, EQ, SEARCH, SEARCH_CONTAINS, compileQuery, dialect, type Predicate } from './query.ts';

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

type LifecycleAction = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend';

/** Okta's lifecycle operations: from which statuses each may run, and the status it leaves. */
const LIFECYCLE: Record<LifecycleAction, { from: readonly UserStatus[]; to: UserStatus }> = {
  activate: { from: ['STAGED', 'DEPROVISIONED'], to: 'ACTIVE' },
  reactivate: { from: ['PROVISIONED'], to: 'PROVISIONED' },
  deactivate: { from: ['STAGED', 'PROVISIONED', 'ACTIVE', 'SUSPENDED'], to: 'DEPROVISIONED' },
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
  // Activated without a password, the user waits for the activation link (PROVISIONED).
  const to = rule.to === 'ACTIVE' && user.passwordless ? 'PROVISIONED' : rule.to;
  org.store.setUserStatus(user, to);
  org.log(`user ${user.profile.login}: ${action} → ${to}`);
}

/** Okta's UserActivationToken; the link leads nowhere in the mock (it sends no mail). */
function activationToken(org: Org, user: User) {
  const token = newSecret().slice(0, 20);
  return { activationUrl: `${org.info.baseUrl}/welcome/${token}`, activationToken: token, _links: { user: { href: `${org.info.baseUrl}/api/v1/users/${user.id}` } } };
}

/** `filter`: Okta's short list of properties, `eq` only (and comparisons on lastUpdated), exact values. */
const USER_FILTER = dialect(
  'filter',
  { status: EQ, id: EQ, lastUpdated: DATE_FILTER, 'profile.login': EQ, 'profile.email': EQ, 'profile.firstName': EQ, 'profile.lastName': EQ },
  true,
);

/** `search`: any profile property and the top-level ones; `co` only on the four names; values without case. */
const USER_SEARCH = dialect(
  'search',
  {
    id: SEARCH,
    status: SEARCH,
    created: SEARCH,
    activated: SEARCH,
    statusChanged: SEARCH,
    lastUpdated: SEARCH,
    'type.id': SEARCH,
    'profile.login': SEARCH_CONTAINS,
    'profile.email': SEARCH_CONTAINS,
    'profile.firstName': SEARCH_CONTAINS,
    'profile.lastName': SEARCH_CONTAINS,
    'profile.*': SEARCH,
  },
  false,
);

/** `q`: a prefix of firstName, lastName or email, without case. */
function quickSearch(q: string): Predicate {
  const prefix = q.toLowerCase();
  return (json) => {
    const { profile } = json as OktaUser;
    return [profile.firstName, profile.lastName, profile.email].some((value) => value.toLowerCase().startsWith(prefix));
  };
}

/** sortBy (search only): any property, ties and missing values ordered by id; sortOrder asc | desc. */
function sorted(req: Request, users: OktaUser[]): OktaUser[] {
  const sortBy = queryParam(req, 'sortBy');
  if (sortBy === undefined) return users;
  const order = queryParam(req, 'sortOrder') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw oktaErrors.validation(['sortOrder: must be asc or desc']);
  const key = (user: OktaUser): string => {
    let value: unknown = user;
    for (const part of sortBy.split('.')) value = isObject(value) ? value[part] : undefined;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  };
  const direction = order === 'asc' ? 1 : -1;
  return [...users].sort((a, b) => direction * (key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)));
}

/**
 * Which users a list returns. Without `filter` or `search` Okta leaves DEPROVISIONED users out;
 * with `q` the page holds 10 by default. Parameters given together must all match.
 */
function listUsers(org: Org, req: Request, origin: string): { users: OktaUser[]; defaultLimit: number } {
  const q = queryParam(req, 'q');
  const filter = queryParam(req, 'filter');
  const search = queryParam(req, 'search');
  const tests: Predicate[] = [];
  if (filter !== undefined) tests.push(compileQuery(filter, USER_FILTER));
  if (search !== undefined) tests.push(compileQuery(search, USER_SEARCH));
  if (q !== undefined) tests.push(quickSearch(q));
  if (filter === undefined && search === undefined) tests.push((json) => (json as OktaUser).status !== 'DEPROVISIONED');
  const users = org.store
    .listUsers()
    .map((user) => userJson(user, origin))
    .filter((json) => tests.every((test) => test(json)));
  return { users: search !== undefined ? sorted(req, users) : users, defaultLimit: q !== undefined ? 10 : 200 };
}

/** `groupIds` on create: Okta adds the new user to these groups; every one must exist. */
function readGroupIds(org: Org, body: Record<string, unknown>): Group[] {
  const ids = body['groupIds'];
  if (ids === undefined || ids === null) return [];
  if (!Array.isArray(ids) || ids.length > 100) throw oktaErrors.validation(['groupIds: must be a list of at most 100 group ids']);
  return ids.map((id, index) => {
    const group = typeof id === 'string' ? org.store.getGroup(id) : undefined;
    if (!group) throw oktaErrors.validation([`groupIds[${index}]: is not a group of this org`]);
    return group;
  });
}

export function usersRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;

  router.post('/users', (req, res) => {
    // ?activate=false makes a STAGED user, as in Okta.
    const initial = queryParam(req, 'activate') === 'false' ? 'STAGED' : 'ACTIVE';
    const body = jsonBody(req);
    const input = readOrRefuse((issues) => readUserInput(body, '', issues, initial, false));
    const groups = readGroupIds(org, body);
    const user = refuseDuplicates(() => org.store.createUser(input));
    for (const group of groups) org.store.addUserToGroup(group, user);
    res.status(200).json(userJson(user, origin));
  });
  router.get('/users', (req, res) => {
    const { users, defaultLimit } = listUsers(org, req, origin);
    res.json(page(req, res, origin, users, defaultLimit));
  });
  router.get('/users/:id', (req, res) => {
    res.json(userJson(findUser(org, req.params.id), origin));
  });
  /** Both profile writes: the body read by `read`, refused for a deactivated user, logged as `done`. */
  const updateProfile =
    (read: (body: Fields, issues: Issues) => UserProfileUpdate, done: string) =>
    (req: Request<{ id: string }>, res: Response): void => {
      const user = findUser(org, req.params.id);
      const update = readOrRefuse((issues) => read(jsonBody(req), issues));
      if (user.status === 'DEPROVISIONED') throw oktaErrors.validation(["status: a deactivated user's profile cannot be updated"]);
      refuseDuplicates(() => org.store.updateUser(user, update));
      org.log(`user ${user.profile.login}: ${done}`);
      res.json(userJson(user, origin));
    };
  // Okta's "Replace a user": the whole profile is given; a property left out is an error, not kept.
  router.put('/users/:id', updateProfile(readUserReplacement, 'profile replaced'));
  // Okta's partial update: only the fields given change.
  router.post('/users/:id', updateProfile(readUserProfileUpdate, 'profile updated'));
  router.post('/users/:id/lifecycle/:action', (req, res) => {
    const user = findUser(org, req.params.id);
    const action = req.params.action;
    if (!isLifecycleAction(action)) throw oktaErrors.notFound(req.path);
    changeStatus(org, user, action);
    const tokenWanted = (action === 'activate' || action === 'reactivate') && queryParam(req, 'sendEmail') === 'false';
    res.status(200).json(tokenWanted ? activationToken(org, user) : {});
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
  router.get('/users/:id/groups', (req, res) => {
    const user = findUser(org, req.params.id);
    res.json(page(req, res, origin, org.store.groupsOf(user)).map((group) => groupJson(group, origin)));
  });
  // The dashboard's tiles: every app the user has, directly or through a group.
  router.get('/users/:id/appLinks', (req, res) => {
    const user = findUser(org, req.params.id);
    const links = org.store.listApps().flatMap((app) => {
      const assignment = org.store.assignmentOf(app, user);
      return assignment ? [appLinkJson(app, user, origin)] : [];
    });
    res.json(links);
  });
  return router;
}
