/**
 * The tenant document: a whole org in one YAML or JSON file, in Okta's JSON shapes, so what a person
 * writes looks like what the Management API returns. See examples/tenant.yaml.
 *
 *   org:    { name?, apiToken? }
 *   users:  [{ status?, profile: {login?, email, firstName, lastName}, credentials: {password: {value}} }]
 *   groups: [{ profile: {name, description?}, members?: [login] }]
 *   apps:   [{ label, name?, signOnMode: SAML_2_0, visibility?, settings: {signOn}, credentials?: {userNameTemplate},
 *              assignments?: {users?: [login], groups?: [name]} }
 *          | { label, signOnMode: OPENID_CONNECT, visibility?, settings: {oauthClient},
 *              credentials?: {oauthClient: {token_endpoint_auth_method?, pkce_required?, client_secret?}},
 *              assignments? }]
 *   faults: [{ label?, app?: label, user?: login, mode?: once | until-cleared, mutations: [{ name, params? }] }]
 *           deliberate faults set when the org starts (the same as POST /mock/v1/faults; see README)
 *   trustedOrigins: [{ name, origin, scopes: [{ type: CORS | REDIRECT }] }]
 *           web origins whose pages may call the org (an SPA's origin, for okta-auth-js)
 *   authorizationServers: { default: { scopes: [{ name }] } }
 *           custom scopes of the `default` authorization server (service apps ask for them)
 *
 * The whole document is checked before anything is built; the first problem is reported as
 * IDP_TENANT_INVALID with the path of the field, and a broken file never crashes the process.
 */
import { readFile, stat } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { IdpError } from '../errors.ts';
import { LIMITS } from '../limits/limits.ts';
import { Issues, isObject, join, readArray, readObject, readString, readStringList, type Fields } from './fields.ts';
import { readAppInput, type AppInput } from './app-inputs.ts';
import { readGroupInput, readUserInput, type GroupInput, type UserInput } from './inputs.ts';
import type { OidcClientSettings, SamlSignOn, TokenEndpointAuthMethod, UserNameTemplate, UserStatus } from './model.ts';
import type { OrgStore } from './org-store.ts';
import type { FaultStore } from '../faults/store.ts';
import type { CheckedFault } from '../faults/model.ts';
import { readFault } from '../faults/read-fault.ts';
import { MUTATIONS } from '../faults/registry.ts';
import { readTrustedOriginInput } from './trusted-origin-inputs.ts';
import type { TrustedOriginInput, TrustedOriginScope, TrustedOrigins } from './trusted-origins.ts';

/** The document as a person writes it (every field the loader reads; most are optional). */
export interface TenantDocument {
  org?: { name?: string; apiToken?: string };
  users?: TenantUser[];
  groups?: TenantGroup[];
  apps?: TenantApp[];
  faults?: TenantFault[];
  trustedOrigins?: TenantTrustedOrigin[];
  authorizationServers?: { default?: { scopes?: { name: string; description?: string }[] } };
}

/** Okta's TrustedOrigin body. */
export interface TenantTrustedOrigin {
  name: string;
  origin: string;
  scopes: { type: TrustedOriginScope }[];
}

/** A fault in a tenant file: the app by its label, the user by login (the API takes ids). */
export interface TenantFault {
  label?: string;
  app?: string;
  user?: string;
  mode?: 'once' | 'until-cleared';
  mutations: { name: string; params?: Record<string, unknown> }[];
}

export interface TenantUser {
  status?: UserStatus;
  profile: { login?: string; email: string; firstName: string; lastName: string };
  credentials: { password: { value: string } };
}

export interface TenantGroup {
  profile: { name: string; description?: string };
  /** Logins of the members. */
  members?: string[];
}

export interface TenantSamlApp {
  label: string;
  name?: string;
  signOnMode: 'SAML_2_0';
  visibility?: { autoSubmitToolbar?: boolean; hide?: { iOS?: boolean; web?: boolean } };
  settings: { signOn: Partial<SamlSignOn> };
  credentials?: { userNameTemplate?: Partial<UserNameTemplate> };
  assignments?: { users?: string[]; groups?: string[] };
}

export interface TenantOidcApp {
  label: string;
  signOnMode: 'OPENID_CONNECT';
  visibility?: { autoSubmitToolbar?: boolean; hide?: { iOS?: boolean; web?: boolean } };
  settings: { oauthClient: Partial<OidcClientSettings> };
  credentials?: {
    oauthClient?: { token_endpoint_auth_method?: TokenEndpointAuthMethod; pkce_required?: boolean; client_secret?: string };
    userNameTemplate?: Partial<UserNameTemplate>;
  };
  assignments?: { users?: string[]; groups?: string[] };
}

/** Apps are a union on signOnMode, as in Okta's API. */
export type TenantApp = TenantSamlApp | TenantOidcApp;

/** A document whose every field has been checked and defaulted. */
export interface CheckedTenant {
  org: { name?: string; apiToken?: string };
  users: UserInput[];
  groups: (GroupInput & { members: string[] })[];
  apps: (AppInput & { assignments: { users: string[]; groups: string[] } })[];
  /** Faults whose appId is an app label and userId a login, resolved to ids when applied. */
  faults: CheckedFault[];
  trustedOrigins: TrustedOriginInput[];
  /** Custom scope names of the `default` authorization server. */
  customScopes: string[];
}


export function tenantInvalid(message: string): IdpError {
  return new IdpError('IDP_TENANT_INVALID', 400, message, 'The tenant document is not valid');
}

/** Reads and checks a tenant file of at most `maxBytes` (maxTenantBytes, 1 MiB by default). */
export async function loadTenantFile(path: string, maxBytes: number = LIMITS.maxTenantBytes.default): Promise<CheckedTenant> {
  let text: string;
  try {
    // The size first, so a huge file (or /dev/zero) is never read into memory.
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOTFILE' });
    if (info.size > maxBytes) throw Object.assign(new Error('too large'), { code: 'ETOOLARGE' });
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found'
      : code === 'ENOTFILE' ? 'not a regular file'
      : code === 'ETOOLARGE' ? `larger than ${maxBytes} bytes (maxTenantBytes)`
      : 'file cannot be read';
    throw tenantInvalid(`${path}: ${reason}`);
  }
  let document: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both; aliases are capped against alias bombs.
    document = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const line = (error as { linePos?: [{ line: number }] }).linePos?.[0]?.line;
    throw tenantInvalid(`${path}: not valid YAML or JSON${line ? ` (line ${line})` : ''}`);
  }
  return checkTenant(document ?? {});
}

export function checkTenant(document: unknown): CheckedTenant {
  const issues = new Issues();
  if (!isObject(document)) throw tenantInvalid('(document): must be an object with org, users, groups, apps');
  const known = new Set(['org', 'users', 'groups', 'apps', 'faults', 'trustedOrigins', 'authorizationServers']);
  for (const key of Object.keys(document)) if (!known.has(key)) issues.add(key, 'is not a tenant field (org, users, groups, apps, faults, trustedOrigins, authorizationServers)');

  const orgFields = readObject(document, 'org', '', issues);
  const orgName = readString(orgFields, 'name', 'org', issues, { maxLength: 63 });
  if (orgName && !/^[a-z0-9][a-z0-9-]*$/.test(orgName)) issues.add('org.name', 'must be lower-case letters, digits and -');
  const apiToken = readString(orgFields, 'apiToken', 'org', issues);
  if (apiToken !== undefined && apiToken.length < 16) issues.add('org.apiToken', 'must be at least 16 characters');

  const users = eachObject(document, 'users', issues, (item, at) => readUserInput(item, at, issues));
  const logins = new Set<string>();
  users.forEach((user, index) => {
    const login = user.profile.login.toLowerCase();
    if (logins.has(login)) issues.add(`users[${index}].profile.login`, 'is used by another user');
    logins.add(login);
  });

  const groups = eachObject(document, 'groups', issues, (item, at) => {
    const members = readStringList(item, 'members', at, issues);
    members.forEach((login, index) => {
      if (!logins.has(login.toLowerCase())) issues.add(`${at}.members[${index}]`, `no user with login ${login}`);
    });
    return { ...readGroupInput(item, at, issues), members };
  });
  const groupNames = new Set<string>();
  groups.forEach((group, index) => {
    if (groupNames.has(group.name)) issues.add(`groups[${index}].profile.name`, 'is used by another group');
    groupNames.add(group.name);
  });

  const apps = eachObject(document, 'apps', issues, (item, at) => {
    const app = readAppInput(item, at, issues);
    const assignments = readObject(item, 'assignments', at, issues);
    const assignedUsers = readStringList(assignments, 'users', `${at}.assignments`, issues);
    const assignedGroups = readStringList(assignments, 'groups', `${at}.assignments`, issues);
    assignedUsers.forEach((login, index) => {
      if (!logins.has(login.toLowerCase())) issues.add(`${at}.assignments.users[${index}]`, `no user with login ${login}`);
    });
    assignedGroups.forEach((name, index) => {
      if (!groupNames.has(name)) issues.add(`${at}.assignments.groups[${index}]`, `no group named ${name}`);
    });
    return { ...app, assignments: { users: assignedUsers, groups: assignedGroups } };
  });
  const appNames = new Set<string>();
  apps.forEach((app, index) => {
    // OIDC apps all carry Okta's name oidc_client; only SAML app names are unique.
    if (app.signOnMode !== 'SAML_2_0') return;
    if (app.name && appNames.has(app.name)) issues.add(`apps[${index}].name`, 'is used by another app');
    if (app.name) appNames.add(app.name);
  });

  const appLabels = new Set(apps.map((app) => app.label));
  const faults = eachObject(document, 'faults', issues, (item, at) => {
    const { app, user, ...rest } = item;
    for (const [key, value] of [['app', app], ['user', user]] as const) {
      if (value !== undefined && typeof value !== 'string') issues.add(`${at}.${key}`, 'must be a string');
    }
    const renamed: Fields = { ...rest, ...(typeof app === 'string' ? { appId: app } : {}), ...(typeof user === 'string' ? { userId: user } : {}) };
    if ('appId' in rest || 'userId' in rest) issues.add(at, 'names its app with `app` (a label) and its user with `user` (a login)');
    return readFault(renamed, at, issues, MUTATIONS, {
      appId: (label) => (appLabels.has(label) ? label : undefined),
      userId: (login) => (logins.has(login.toLowerCase()) ? login : undefined),
    });
  });

  const trustedOrigins = eachObject(document, 'trustedOrigins', issues, (item, at) => readTrustedOriginInput(item, at, issues));
  const origins = new Set<string>();
  trustedOrigins.forEach((trusted, index) => {
    if (origins.has(trusted.origin)) issues.add(`trustedOrigins[${index}].origin`, 'is trusted already by another entry');
    origins.add(trusted.origin);
  });

  const customScopes = readCustomScopes(document, issues);

  if (!issues.empty) throw tenantInvalid(issues.lines()[0]!.replace(/\.appId:/, '.app:').replace(/\.userId:/, '.user:'));
  return { org: { ...(orgName ? { name: orgName } : {}), ...(apiToken ? { apiToken } : {}) }, users, groups, apps, faults, trustedOrigins, customScopes };
}

/** OpenID Connect's own scopes, which a custom scope cannot be named after. */
const RESERVED_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'groups', 'offline_access', 'device_sso']);

/** `authorizationServers.default.scopes[].name`: the custom scopes a service app may ask `default` for. */
function readCustomScopes(document: Fields, issues: Issues): string[] {
  const servers = readObject(document, 'authorizationServers', '', issues);
  for (const key of Object.keys(servers)) if (key !== 'default') issues.add(`authorizationServers.${key}`, 'only the default authorization server exists in the mock');
  const server = readObject(servers, 'default', 'authorizationServers', issues);
  const names: string[] = [];
  readArray(server, 'scopes', 'authorizationServers.default', issues).forEach((item, index) => {
    const at = `authorizationServers.default.scopes[${index}]`;
    const name = isObject(item) ? readString(item, 'name', at, issues, { required: true, maxLength: 255 }) : undefined;
    if (!isObject(item)) issues.add(at, 'must be an object with a name');
    else if (name && !/^[A-Za-z0-9_.:/-]+$/.test(name)) issues.add(`${at}.name`, 'must be letters, digits and _ . : / -');
    else if (name && RESERVED_SCOPES.has(name)) issues.add(`${at}.name`, 'is an OpenID Connect scope already');
    else if (name && names.includes(name)) issues.add(`${at}.name`, 'is defined twice');
    else if (name) names.push(name);
  });
  return names;
}

function eachObject<T>(document: Fields, key: string, issues: Issues, read: (item: Fields, path: string) => T): T[] {
  return readArray(document, key, '', issues).flatMap((item, index) => {
    const at = join(key, index);
    if (!isObject(item)) {
      issues.add(at, 'must be an object');
      return [];
    }
    return [read(item, at)];
  });
}

/** Builds the checked document into an (empty) org; its faults and trusted origins go where given. */
export async function applyTenant(store: OrgStore, tenant: CheckedTenant, faults?: FaultStore, trustedOrigins?: TrustedOrigins): Promise<void> {
  for (const trusted of tenant.trustedOrigins) trustedOrigins?.add(trusted);
  for (const user of tenant.users) store.createUser(user);
  for (const { members, ...group } of tenant.groups) {
    const created = store.createGroup(group);
    for (const login of members) store.addUserToGroup(created, store.findUserByLogin(login)!);
  }
  for (const { assignments, ...input } of tenant.apps) {
    const app = input.signOnMode === 'SAML_2_0' ? await store.createSamlApp(input) : store.createOidcApp(input);
    for (const login of assignments.users) store.assignUser(app, store.findUserByLogin(login)!);
    for (const name of assignments.groups) store.assignGroup(app, store.findGroupByName(name)!);
  }
  for (const fault of tenant.faults) {
    const app = fault.appId === undefined ? undefined : store.listApps().find((candidate) => candidate.label === fault.appId);
    const user = fault.userId === undefined ? undefined : store.findUserByLogin(fault.userId);
    faults?.add({ ...fault, appId: app?.id, userId: user?.id });
  }
}
