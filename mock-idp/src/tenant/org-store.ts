/**
 * One org's users, groups and apps, in memory. Every change goes through these methods, which keep
 * the invariants the rest relies on: unique logins, unique group names, unique app names, and
 * assignments that point at records that exist. Inputs arrive already checked by ./inputs.ts.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { LimitReachedError } from '../errors.ts';
import { newId, newSecret } from '../ids.ts';
import { LIMITS } from '../limits/limits.ts';
import { createSigningCredentials } from '../saml/signing-credentials.ts';
import { computeAppUserName, pushesUserNameUpdates } from './app-user-name.ts';
import { defaultSignOn, type GroupInput, type SamlAppInput, type UserInput, type UserProfileUpdate } from './inputs.ts';
import type { App, Group, OidcApp, OidcClientCredentials, SamlApp, SamlSignOn, SigningCredentials, User, UserStatus } from './model.ts';
import type { OidcAppInput, OidcCredentialsInput } from './oidc-inputs.ts';

/** Okta's generated client secrets: 40 random base64url characters. */
const newClientSecret = (): string => randomBytes(30).toString('base64url');

/** The stored credentials: client_id is the app id; a secret is made when the method needs one. */
function oauthCredentials(appId: string, input: OidcCredentialsInput): OidcClientCredentials {
  // Public clients and private_key_jwt clients have no secret in Okta.
  const needsSecret = input.token_endpoint_auth_method === 'client_secret_basic' || input.token_endpoint_auth_method === 'client_secret_post';
  return {
    client_id: appId,
    // Switching back to a secret method makes a new one.
    client_secret: needsSecret ? (input.client_secret ?? newClientSecret()) : '',
    token_endpoint_auth_method: input.token_endpoint_auth_method,
    pkce_required: input.pkce_required,
  };
}

/** A new app's bookkeeping: made and last updated now, with no assignments yet. */
function newAppRecord(now: Date): Pick<App, 'created' | 'lastUpdated' | 'userAssignments' | 'groupAssignments' | 'userNames' | 'keys'> {
  return { created: now, lastUpdated: now, userAssignments: new Map(), groupAssignments: new Map(), userNames: new Map(), keys: [] };
}

type AppBaseInput = Pick<SamlAppInput | OidcAppInput, 'label' | 'userNameTemplate' | 'visibility'>;

export type AssignmentScope = 'USER' | 'GROUP';

export interface AppUserAssignment {
  user: User;
  scope: AssignmentScope;
  created: Date;
}

/** What a state directory keeps of the store: the records themselves, ids and keys included. */
export interface OrgRecords {
  users: User[];
  groups: Group[];
  apps: App[];
}

/**
 * A kept app as this version holds it: the signing key is again one of the app's key credentials
 * (JSON keeps two copies of one object), and fields added since the state file was written get
 * Okta's defaults (key credentials, Single Logout, encryption, several ACS URLs).
 */
function withCurrentFields(app: App): App {
  const held = app as App & Partial<Pick<App, 'keys'>>;
  held.keys ??= app.signOnMode === 'SAML_2_0' ? [app.signing] : [];
  for (const key of held.keys) {
    key.created ??= app.created;
    key.expiresAt ??= new Date(new X509Certificate(key.certificatePem).validTo);
  }
  if (app.signOnMode === 'SAML_2_0') {
    app.signing = held.keys.find((key) => key.kid === app.signing.kid) ?? app.signing;
    app.signOn = { ...defaultSignOn(), allowMultipleAcsEndpoints: app.signOn.acsEndpoints.length > 0, ...(app.signOn as Partial<SamlSignOn>) };
  } else {
    app.signingKid ??= null;
  }
  return app;
}

export class DuplicateError extends Error {
  override readonly name = 'DuplicateError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class OrgStore {
  private readonly users = new Map<string, User>();
  private readonly groups = new Map<string, Group>();
  private readonly apps = new Map<string, App>();

  constructor(
    readonly orgName: string,
    private readonly clock: () => Date,
    /** maxObjectsPerOrg: users + groups + apps. */
    private readonly maxObjects: number = LIMITS.maxObjectsPerOrg.default,
  ) {}

  /** Refuses one more user, group or app at maxObjectsPerOrg (429 E0000047 on the API). */
  private checkRoom(): void {
    if (this.users.size + this.groups.size + this.apps.size >= this.maxObjects) {
      throw new LimitReachedError('maxObjectsPerOrg', this.maxObjects, `${this.maxObjects} users, groups and apps in this org`);
    }
  }

  // Users -----------------------------------------------------------------------------------------

  createUser(input: UserInput): User {
    if (this.findUserByLogin(input.profile.login)) {
      throw new DuplicateError('profile.login', 'An object with this field already exists in the current organization');
    }
    this.checkRoom();
    const now = this.clock();
    const user: User = {
      id: newId('user'),
      status: input.status,
      profile: { ...input.profile },
      // Without a password nobody may sign in as the user: an unguessable secret stands in.
      ...(input.password === undefined ? { password: newSecret(), passwordless: true as const } : { password: input.password }),
      created: now,
      lastUpdated: now,
    };
    this.users.set(user.id, user);
    return user;
  }

  getUser(id: string): User | undefined {
    return this.users.get(id);
  }

  /** Okta logins are case-insensitive. */
  findUserByLogin(login: string): User | undefined {
    const wanted = login.toLowerCase();
    return [...this.users.values()].find((user) => user.profile.login.toLowerCase() === wanted);
  }

  listUsers(): User[] {
    return [...this.users.values()];
  }

  /**
   * Okta's partial profile update (POST /api/v1/users/{id}): only the given fields change. App
   * usernames follow the new profile in the apps whose "Update application username on" is
   * "Create and update"; "Create only" apps keep the value the user got with the app.
   */
  updateUser(user: User, update: UserProfileUpdate): User {
    if (update.profile.login !== undefined) {
      const holder = this.findUserByLogin(update.profile.login);
      if (holder && holder.id !== user.id) {
        throw new DuplicateError('profile.login', 'An object with this field already exists in the current organization');
      }
    }
    user.profile = { ...user.profile, ...update.profile };
    if (update.password !== undefined) {
      user.password = update.password;
      delete user.passwordless;
    }
    user.lastUpdated = this.clock();
    for (const app of this.apps.values()) {
      if (app.userNames.has(user.id) && pushesUserNameUpdates(app)) app.userNames.set(user.id, computeAppUserName(app, user));
    }
    return user;
  }

  setUserStatus(user: User, status: UserStatus): void {
    user.status = status;
    user.lastUpdated = this.clock();
  }

  /** Removes the user and everything that points at them: group memberships, app assignments. */
  deleteUser(user: User): void {
    for (const group of this.groups.values()) group.memberIds.delete(user.id);
    for (const app of this.apps.values()) {
      app.userAssignments.delete(user.id);
      app.userNames.delete(user.id);
    }
    this.users.delete(user.id);
  }

  // Groups ----------------------------------------------------------------------------------------

  createGroup(input: GroupInput): Group {
    if (this.findGroupByName(input.name)) {
      throw new DuplicateError('profile.name', 'An object with this field already exists in the current organization');
    }
    this.checkRoom();
    const now = this.clock();
    const group: Group = { id: newId('group'), profile: { ...input }, memberIds: new Set(), created: now, lastUpdated: now };
    this.groups.set(group.id, group);
    return group;
  }

  getGroup(id: string): Group | undefined {
    return this.groups.get(id);
  }

  findGroupByName(name: string): Group | undefined {
    return [...this.groups.values()].find((group) => group.profile.name === name);
  }

  listGroups(): Group[] {
    return [...this.groups.values()];
  }

  addUserToGroup(group: Group, user: User): void {
    group.memberIds.add(user.id);
    group.lastUpdated = this.clock();
    for (const app of this.apps.values()) if (app.groupAssignments.has(group.id)) this.giveAppUserName(app, user);
  }

  /** Ends the membership; apps the user reached only through this group are lost at once. */
  removeUserFromGroup(group: Group, user: User): void {
    group.memberIds.delete(user.id);
    group.lastUpdated = this.clock();
    for (const app of this.apps.values()) this.forgetAppUserNameIfUnassigned(app, user);
  }

  groupsOf(user: User): Group[] {
    return this.listGroups().filter((group) => group.memberIds.has(user.id));
  }

  /** Okta's "Replace a group": the profile (name, description); names stay unique. */
  updateGroup(group: Group, input: GroupInput): Group {
    const holder = this.findGroupByName(input.name);
    if (holder && holder.id !== group.id) {
      throw new DuplicateError('profile.name', 'An object with this field already exists in the current organization');
    }
    group.profile = { ...input };
    group.lastUpdated = this.clock();
    return group;
  }

  /** Removes the group, its app assignments, and the apps its members reached only through it. */
  deleteGroup(group: Group): void {
    this.groups.delete(group.id);
    for (const app of this.apps.values()) this.unassignGroup(app, group);
  }

  // Apps ------------------------------------------------------------------------------------------

  async createSamlApp(input: SamlAppInput): Promise<SamlApp> {
    const name = input.name ?? this.nextAppName(input.label);
    // Only SAML app names are unique: every OIDC app is named oidc_client (readSamlAppInput keeps
    // that name for them).
    if (this.listApps().some((app) => app.signOnMode === 'SAML_2_0' && app.name === name)) {
      throw new DuplicateError('name', 'An app with this name already exists in the current organization');
    }
    this.checkRoom();
    const now = this.clock();
    const app: SamlApp = {
      id: newId('app'),
      externalKey: newId('externalKey'),
      name,
      label: input.label,
      status: 'ACTIVE',
      signOnMode: 'SAML_2_0',
      visibility: input.visibility,
      signOn: input.signOn,
      userNameTemplate: input.userNameTemplate,
      ...newAppRecord(now),
      signing: await createSigningCredentials(this.orgName, now),
    };
    app.keys.push(app.signing);
    return this.addApp(app);
  }

  updateSamlApp(app: SamlApp, input: SamlAppInput): SamlApp {
    app.signOn = input.signOn;
    return this.updateAppBase(app, input);
  }

  /** OIDC apps all carry Okta's name `oidc_client`, so no name check here (as in Okta). */
  createOidcApp(input: OidcAppInput): OidcApp {
    this.checkRoom();
    const now = this.clock();
    const id = newId('app');
    const app: OidcApp = {
      id,
      name: input.name,
      label: input.label,
      status: 'ACTIVE',
      signOnMode: 'OPENID_CONNECT',
      visibility: input.visibility,
      oauthClient: input.oauthClient,
      credentials: oauthCredentials(id, input.credentials),
      userNameTemplate: input.userNameTemplate,
      signingKid: null,
      ...newAppRecord(now),
    };
    return this.addApp(app);
  }

  updateOidcApp(app: OidcApp, input: OidcAppInput): OidcApp {
    app.oauthClient = input.oauthClient;
    app.credentials = oauthCredentials(app.id, input.credentials);
    return this.updateAppBase(app, input);
  }

  private addApp<A extends App>(app: A): A {
    this.apps.set(app.id, app);
    return app;
  }

  /**
   * The fields an admin edits the same way in every sign-on mode; any edit bumps lastUpdated. A new
   * "Application username" reaches the users who have the app only with "Create and update".
   */
  private updateAppBase<A extends App>(app: A, input: AppBaseInput): A {
    const templateChanged = app.userNameTemplate.template !== input.userNameTemplate.template;
    app.label = input.label;
    app.userNameTemplate = input.userNameTemplate;
    app.visibility = input.visibility;
    app.lastUpdated = this.clock();
    if (templateChanged && pushesUserNameUpdates(app)) {
      for (const userId of app.userNames.keys()) {
        const user = this.users.get(userId);
        if (user) app.userNames.set(userId, computeAppUserName(app, user));
      }
    }
    return app;
  }

  setAppStatus(app: App, status: App['status']): void {
    app.status = status;
    app.lastUpdated = this.clock();
  }

  /** Removes the app with its assignments (Okta deletes only an INACTIVE app; the API checks that). */
  deleteApp(app: App): void {
    this.apps.delete(app.id);
  }

  // Key credentials -------------------------------------------------------------------------------

  /** Okta's "Generate a key credential": a new key and certificate, listed but not yet signing. */
  async generateAppKey(app: App, validityYears: number): Promise<SigningCredentials> {
    const key = await createSigningCredentials(this.orgName, this.clock(), validityYears);
    app.keys.push(key);
    return key;
  }

  /** Okta's "Clone a key credential": the same key and certificate, now also the target app's. */
  cloneAppKey(key: SigningCredentials, target: App): SigningCredentials {
    if (target.keys.some((held) => held.kid === key.kid)) {
      throw new DuplicateError('cloneKey', 'Key already exists in the list of key credentials for the target app.');
    }
    target.keys.push(key);
    return key;
  }

  /**
   * Okta's key rotation: `credentials.signing.kid` set to one of the app's key credentials (a PUT of
   * the app). A SAML app signs with it and publishes it in its metadata from the next response on.
   */
  selectSigningKey(app: App, kid: string): void {
    const key = app.keys.find((held) => held.kid === kid);
    if (!key) throw new DuplicateError('credentials.signing.kid', 'is not one of the app\'s key credentials');
    if (app.signOnMode === 'SAML_2_0') app.signing = key;
    else app.signingKid = key.kid;
    app.lastUpdated = this.clock();
  }

  getApp(id: string): App | undefined {
    return this.apps.get(id);
  }

  listApps(): App[] {
    return [...this.apps.values()];
  }

  findAppByName(name: string): App | undefined {
    return this.listApps().find((app) => app.name === name);
  }

  findOidcApp(clientId: string): OidcApp | undefined {
    const app = this.apps.get(clientId);
    return app?.signOnMode === 'OPENID_CONNECT' ? app : undefined;
  }

  findSamlAppByExternalKey(externalKey: string): SamlApp | undefined {
    return this.listApps().find((app): app is SamlApp => app.signOnMode === 'SAML_2_0' && app.externalKey === externalKey);
  }

  /** Okta names custom apps `{org}_{label}_{n}` in lower case, e.g. `dev12345678_referencesp_1`. */
  private nextAppName(label: string): string {
    const stem = `${this.orgName}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 60) || 'app';
    let n = 1;
    while (this.findAppByName(`${stem}_${n}`)) n++;
    return `${stem}_${n}`;
  }

  // Assignments -----------------------------------------------------------------------------------

  assignUser(app: App, user: User): void {
    if (!app.userAssignments.has(user.id)) app.userAssignments.set(user.id, { created: this.clock() });
    this.giveAppUserName(app, user);
  }

  assignGroup(app: App, group: Group): void {
    if (!app.groupAssignments.has(group.id)) app.groupAssignments.set(group.id, { created: this.clock() });
    for (const userId of group.memberIds) {
      const user = this.users.get(userId);
      if (user) this.giveAppUserName(app, user);
    }
  }

  /** Removes a group assignment; returns false when there was none. Members lose what it alone gave. */
  unassignGroup(app: App, group: Group): boolean {
    if (!app.groupAssignments.delete(group.id)) return false;
    app.lastUpdated = this.clock();
    for (const userId of group.memberIds) {
      const user = this.users.get(userId);
      if (user) this.forgetAppUserNameIfUnassigned(app, user);
    }
    return true;
  }

  /** Okta's "Update an application user": the app username, kept until changed again. */
  setAppUserName(app: App, user: User, userName: string): void {
    app.userNames.set(user.id, userName);
    app.lastUpdated = this.clock();
  }

  /**
   * Removes the direct assignment (Okta's "Unassign"). Returns false when there was none. A user
   * who still reaches the app through a group keeps it (and their app username).
   */
  unassignUser(app: App, user: User): boolean {
    const had = app.userAssignments.delete(user.id);
    if (had) app.lastUpdated = this.clock();
    this.forgetAppUserNameIfUnassigned(app, user);
    return had;
  }

  /** The app username is computed once, when the user gets the app (Okta's AppUser is created then). */
  private giveAppUserName(app: App, user: User): void {
    if (!app.userNames.has(user.id)) app.userNames.set(user.id, computeAppUserName(app, user));
  }

  private forgetAppUserNameIfUnassigned(app: App, user: User): void {
    if (!this.assignmentOf(app, user)) app.userNames.delete(user.id);
  }

  /** How the user reaches the app: directly (USER) first, else through a group (GROUP), else not. */
  assignmentOf(app: App, user: User): AppUserAssignment | undefined {
    const direct = app.userAssignments.get(user.id);
    if (direct) return { user, scope: 'USER', created: direct.created };
    for (const [groupId, assignment] of app.groupAssignments) {
      if (this.groups.get(groupId)?.memberIds.has(user.id)) return { user, scope: 'GROUP', created: assignment.created };
    }
    return undefined;
  }

  // State directory (src/state/) -------------------------------------------------------------------

  /** Every record as held, for the state directory to keep (it serialises Maps, Sets and Dates). */
  exportRecords(): OrgRecords {
    return { users: this.listUsers(), groups: this.listGroups(), apps: this.listApps() };
  }

  /** Takes records kept by exportRecords() back, into an empty store (a restart with --state-dir). */
  importRecords(records: OrgRecords): void {
    for (const user of records.users) this.users.set(user.id, user);
    for (const group of records.groups) this.groups.set(group.id, group);
    for (const app of records.apps) this.apps.set(app.id, withCurrentFields(app));
  }

  appUsers(app: App): AppUserAssignment[] {
    return this.listUsers().flatMap((user) => {
      const assignment = this.assignmentOf(app, user);
      return assignment ? [assignment] : [];
    });
  }
}
