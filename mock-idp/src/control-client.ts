/**
 * OrgControlClient: a typed client for one org's Management API subset, over HTTP only (global
 * fetch), with Okta's JSON shapes and `Authorization: SSWS {apiToken}`. It does what the Okta admin
 * does in the admin console, so the harness works the same against an embedded mock, one in another
 * process, or one in a container. A non-2xx answer throws ControlApiError with Okta's errorCode.
 */
import { rootCertificates } from 'node:tls';
import { DOMParser } from '@xmldom/xmldom';
import { Agent } from 'undici';
import type { OktaApp, OktaAppGroup, OktaAppUser, OktaGroup, OktaKey, OktaOidcApp, OktaSamlApp, OktaUser } from './api/okta-json.ts';
import type { CanaryHit } from './faults/canary.ts';
import type { FaultMode, FaultPoint, FaultSpec, SentWithFaults } from './faults/model.ts';
import type { InspectedMessage } from './inspector/message-log.ts';
import type { AppVisibility, OidcApplicationType, OidcLoginMode, SamlSignOn, TokenEndpointAuthMethod, UserNameTemplate, UserStatus } from './tenant/model.ts';

export class ControlApiError extends Error {
  override readonly name = 'ControlApiError';
  constructor(
    readonly status: number,
    /** Okta's `E0000…`, when the answer had Okta's error body. */
    readonly errorCode: string | undefined,
    readonly errorSummary: string,
    readonly errorCauses: string[],
  ) {
    super(`${status} ${errorCode ?? ''} ${errorSummary}`.replace(/\s+/g, ' ').trim());
  }
}

export interface CreateUserInput {
  /** Okta username; defaults to the email. */
  login?: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  /** ACTIVE by default; STAGED uses ?activate=false; others are a mock extension. */
  status?: UserStatus;
}

/** Okta's partial profile update: only the fields given change. */
export interface UpdateUserInput {
  profile?: Partial<{ login: string; email: string; firstName: string; lastName: string }>;
  password?: string;
}

/** Okta's user lifecycle operations (`/api/v1/users/{id}/lifecycle/{action}`). */
export type UserLifecycleAction = 'activate' | 'deactivate' | 'suspend' | 'unsuspend';

export interface CreateSamlAppInput {
  label: string;
  name?: string;
  signOn: Partial<SamlSignOn>;
  userNameTemplate?: string | Partial<UserNameTemplate>;
  visibility?: Partial<AppVisibility>;
}

export interface UpdateSamlAppInput {
  label?: string;
  signOn?: Partial<SamlSignOn>;
  userNameTemplate?: string | Partial<UserNameTemplate>;
}

/** What the admin console's "View SAML setup instructions" shows. */
export interface SamlSetup {
  ssoUrl: string;
  issuer: string;
  certificatePem: string;
  metadataUrl: string;
}

/** The admin console's OIDC app settings (Okta's `settings.oauthClient`), as the harness writes them. */
export interface OidcAppClientSettings {
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  response_types: string[];
  grant_types: string[];
  /** web (default), browser (an SPA), native, or service (client_credentials only). */
  application_type: OidcApplicationType;
  initiate_login_uri: string;
  idp_initiated_login: { mode: OidcLoginMode; default_scope: string[] };
  /** ROTATE (the default for browser apps) or STATIC, and the leeway in seconds. */
  refresh_token: { rotation_type: 'ROTATE' | 'STATIC'; leeway: number };
  /** The app's public keys, for private_key_jwt. */
  jwks: { keys: Record<string, unknown>[] };
}

/** "Client authentication" and "Require PKCE as additional verification" (Okta's `credentials.oauthClient`). */
export interface OidcAppCredentials {
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  pkce_required: boolean;
}

export interface CreateOidcAppInput {
  label: string;
  /** Okta names every custom OIDC app `oidc_client`; any other name is refused. */
  name?: string;
  oauthClient: Partial<OidcAppClientSettings>;
  credentials?: Partial<OidcAppCredentials>;
  visibility?: Partial<AppVisibility>;
}

export interface UpdateOidcAppInput {
  label?: string;
  /** Merged one level deep over the stored settings. */
  oauthClient?: Partial<OidcAppClientSettings>;
  credentials?: Partial<OidcAppCredentials>;
  visibility?: Partial<AppVisibility>;
}

/** What the admin copies from an OIDC app's General tab, with the org authorization server's issuer. */
/** An active fault as `GET /mock/v1/faults` shows it. */
export interface FaultView {
  id: string;
  label: string;
  appId?: string;
  userId?: string;
  mode: FaultMode;
  created: string;
  mutations: { name: string; point: FaultPoint; params: unknown; applied: boolean }[];
}

export interface OidcSetup {
  clientId: string;
  clientSecret: string;
  /** The org authorization server's issuer: the org origin. */
  issuer: string;
  /** The host of the issuer, what Okta's SDKs call the Okta domain. */
  oktaDomain: string;
}

/** Okta's list parameters; `q`, `filter` and `search` in Okta's grammar (README "Management API"). */
export interface UserQuery {
  q?: string;
  filter?: string;
  search?: string;
  limit?: number;
}

const queryString = (query: UserQuery): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

const templateBody = (value: string | Partial<UserNameTemplate>): Partial<UserNameTemplate> =>
  typeof value === 'string' ? { template: value, type: value.startsWith('${source.') ? 'BUILT_IN' : 'CUSTOM' } : value;

export interface OrgControlClientOptions {
  /**
   * A CA certificate (PEM) to trust besides the machine's, for an org served over https by the
   * mock's local CA when this process was not started with NODE_EXTRA_CA_CERTS.
   */
  ca?: string;
}

export class OrgControlClient {
  private readonly dispatcher: Agent | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly apiToken: string,
    options: OrgControlClientOptions = {},
  ) {
    this.dispatcher = options.ca ? new Agent({ connect: { ca: [...rootCertificates, options.ca] } }) : undefined;
  }

  private async call(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
      // Node's fetch takes undici's dispatcher option (not in the DOM's RequestInit type).
      ...({ dispatcher: this.dispatcher } as object),
      method,
      headers: {
        authorization: `SSWS ${this.apiToken}`,
        accept,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const text = await response.text();
      let parsed: { errorCode?: unknown; errorSummary?: unknown; errorCauses?: unknown } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // not Okta's error body: keep the status only
      }
      const causes = Array.isArray(parsed.errorCauses) ? parsed.errorCauses.map((cause) => String((cause as { errorSummary?: unknown }).errorSummary)) : [];
      throw new ControlApiError(
        response.status,
        typeof parsed.errorCode === 'string' ? parsed.errorCode : undefined,
        typeof parsed.errorSummary === 'string' ? parsed.errorSummary : response.statusText,
        causes,
      );
    }
    return response;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call(method, path, body);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  createUser(input: CreateUserInput): Promise<OktaUser> {
    const activate = input.status === 'STAGED' ? 'false' : 'true';
    return this.json('POST', `/api/v1/users?activate=${activate}`, {
      profile: { login: input.login ?? input.email, email: input.email, firstName: input.firstName, lastName: input.lastName },
      credentials: { password: { value: input.password } },
      ...(input.status && input.status !== 'STAGED' && input.status !== 'ACTIVE' ? { status: input.status } : {}),
    });
  }

  getUser(idOrLogin: string): Promise<OktaUser> {
    return this.json('GET', `/api/v1/users/${encodeURIComponent(idOrLogin)}`);
  }

  /**
   * Okta's list: without `filter` or `search` DEPROVISIONED users are left out (as in Okta). One page
   * of at most `limit` (default 200); `q`, `filter` and `search` take Okta's grammar.
   */
  listUsers(query: UserQuery = {}): Promise<OktaUser[]> {
    return this.json('GET', `/api/v1/users${queryString(query)}`);
  }

  /** POST /api/v1/users/{id}: Okta's partial update (what "Edit profile" in the console does). */
  updateUser(userId: string, changes: UpdateUserInput): Promise<OktaUser> {
    return this.json('POST', `/api/v1/users/${encodeURIComponent(userId)}`, {
      ...(changes.profile ? { profile: changes.profile } : {}),
      ...(changes.password !== undefined ? { credentials: { password: { value: changes.password } } } : {}),
    });
  }

  /** Suspend, unsuspend, deactivate or activate a user, as the console's "More actions" do. */
  async changeUserStatus(userId: string, action: UserLifecycleAction): Promise<void> {
    await this.call('POST', `/api/v1/users/${encodeURIComponent(userId)}/lifecycle/${action}${action === 'activate' ? '?sendEmail=false' : ''}`);
  }

  suspendUser(userId: string): Promise<void> {
    return this.changeUserStatus(userId, 'suspend');
  }

  unsuspendUser(userId: string): Promise<void> {
    return this.changeUserStatus(userId, 'unsuspend');
  }

  deactivateUser(userId: string): Promise<void> {
    return this.changeUserStatus(userId, 'deactivate');
  }

  activateUser(userId: string): Promise<void> {
    return this.changeUserStatus(userId, 'activate');
  }

  /** DELETE /api/v1/users/{id}: deactivates a user who is not yet deactivated; deletes a deactivated one. */
  async deleteUser(userId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/users/${encodeURIComponent(userId)}`);
  }

  createGroup(input: { name: string; description?: string }): Promise<OktaGroup> {
    return this.json('POST', '/api/v1/groups', { profile: { name: input.name, description: input.description ?? '' } });
  }

  async addUserToGroup(groupId: string, userId: string): Promise<void> {
    await this.call('PUT', `/api/v1/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(userId)}`);
  }

  async removeUserFromGroup(groupId: string, userId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(userId)}`);
  }

  /** Okta deletes the group with its app assignments: members lose what only the group gave them. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/groups/${encodeURIComponent(groupId)}`);
  }

  createSamlApp(input: CreateSamlAppInput): Promise<OktaSamlApp> {
    return this.json('POST', '/api/v1/apps', {
      label: input.label,
      ...(input.name ? { name: input.name } : {}),
      signOnMode: 'SAML_2_0',
      ...(input.visibility ? { visibility: input.visibility } : {}),
      settings: { signOn: input.signOn },
      ...(input.userNameTemplate ? { credentials: { userNameTemplate: templateBody(input.userNameTemplate) } } : {}),
    });
  }

  /** Okta's PUT replaces the app: read it, lay the changes over it, write it back. */
  async updateSamlApp(appId: string, changes: UpdateSamlAppInput): Promise<OktaSamlApp> {
    const app = await this.getAppOf(appId, 'SAML_2_0');
    return this.json('PUT', `/api/v1/apps/${encodeURIComponent(appId)}`, {
      label: changes.label ?? app.label,
      signOnMode: app.signOnMode,
      visibility: { autoSubmitToolbar: app.visibility.autoSubmitToolbar, hide: app.visibility.hide },
      settings: { signOn: { ...app.settings.signOn, ...changes.signOn } },
      credentials: { userNameTemplate: changes.userNameTemplate ? templateBody(changes.userNameTemplate) : app.credentials.userNameTemplate },
    });
  }

  createOidcApp(input: CreateOidcAppInput): Promise<OktaOidcApp> {
    return this.json('POST', '/api/v1/apps', {
      label: input.label,
      ...(input.name ? { name: input.name } : {}),
      signOnMode: 'OPENID_CONNECT',
      ...(input.visibility ? { visibility: input.visibility } : {}),
      settings: { oauthClient: input.oauthClient },
      ...(input.credentials ? { credentials: { oauthClient: input.credentials } } : {}),
    });
  }

  /** Read, merge (oauthClient and credentials one level deep), PUT back: what Okta's "Edit" does. */
  async updateOidcApp(appId: string, changes: UpdateOidcAppInput): Promise<OktaOidcApp> {
    const app = await this.getAppOf(appId, 'OPENID_CONNECT');
    const stored = { ...app.settings.oauthClient };
    // New grants without new response types: let the server derive them rather than keep stale ones.
    if (changes.oauthClient?.grant_types && !changes.oauthClient.response_types) delete (stored as Partial<typeof stored>).response_types;
    const credentials: Record<string, unknown> = { ...app.credentials.oauthClient, ...changes.credentials };
    if (changes.credentials?.token_endpoint_auth_method === 'none') {
      // A public client has no secret, and Okta's console ticks "Require PKCE" for it by itself.
      delete credentials['client_secret'];
      credentials['pkce_required'] = changes.credentials.pkce_required ?? true;
    }
    return this.json('PUT', `/api/v1/apps/${encodeURIComponent(appId)}`, {
      label: changes.label ?? app.label,
      signOnMode: app.signOnMode,
      visibility: {
        autoSubmitToolbar: changes.visibility?.autoSubmitToolbar ?? app.visibility.autoSubmitToolbar,
        hide: { ...app.visibility.hide, ...changes.visibility?.hide },
      },
      settings: { oauthClient: { ...stored, ...changes.oauthClient } },
      credentials: { userNameTemplate: app.credentials.userNameTemplate, oauthClient: credentials },
    });
  }

  /** Client id and secret from the app, the issuer from the org's discovery document (works against real Okta too). */
  async getOidcSetup(appId: string): Promise<OidcSetup> {
    const app = await this.getAppOf(appId, 'OPENID_CONNECT');
    const discovery = await fetch(new URL('/.well-known/openid-configuration', this.baseUrl), { ...({ dispatcher: this.dispatcher } as object), headers: { accept: 'application/json' } });
    if (!discovery.ok) throw new ControlApiError(discovery.status, undefined, 'the org publishes no OpenID Connect discovery document', []);
    const { issuer } = (await discovery.json()) as { issuer: string };
    return {
      clientId: app.credentials.oauthClient.client_id,
      clientSecret: app.credentials.oauthClient.client_secret ?? '',
      issuer,
      oktaDomain: new URL(issuer).host,
    };
  }

  getApp(appId: string): Promise<OktaApp> {
    return this.json('GET', `/api/v1/apps/${encodeURIComponent(appId)}`);
  }

  /** The app, refused locally when it is of another kind (its settings would not merge). */
  private async getAppOf<Mode extends OktaApp['signOnMode']>(appId: string, mode: Mode): Promise<Extract<OktaApp, { signOnMode: Mode }>> {
    const app = await this.getApp(appId);
    if (app.signOnMode !== mode) throw new ControlApiError(400, 'E0000001', `${appId} is a ${app.signOnMode} app, not ${mode}`, [`signOnMode: is ${app.signOnMode}`]);
    return app as Extract<OktaApp, { signOnMode: Mode }>;
  }

  listApps(query: Pick<UserQuery, 'q' | 'filter' | 'limit'> = {}): Promise<OktaApp[]> {
    return this.json('GET', `/api/v1/apps${queryString(query)}`);
  }

  /** Activate or deactivate an app ("Deactivate" in the console: no one signs in to it meanwhile). */
  async changeAppStatus(appId: string, action: 'activate' | 'deactivate'): Promise<void> {
    await this.call('POST', `/api/v1/apps/${encodeURIComponent(appId)}/lifecycle/${action}`);
  }

  /** Okta deletes only an INACTIVE app (400 E0000056 otherwise): deactivate it first. */
  async deleteApp(appId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/apps/${encodeURIComponent(appId)}`);
  }

  async unassignGroupFromApp(appId: string, groupId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/apps/${encodeURIComponent(appId)}/groups/${encodeURIComponent(groupId)}`);
  }

  /** The app's key credentials (Okta's JsonWebKey, with the certificate in x5c). */
  listAppKeys(appId: string): Promise<OktaKey[]> {
    return this.json('GET', `/api/v1/apps/${encodeURIComponent(appId)}/credentials/keys`);
  }

  /** A new key credential (2–10 years); it signs only once selected (selectAppSigningKey). */
  generateAppKey(appId: string, validityYears = 2): Promise<OktaKey> {
    return this.json('POST', `/api/v1/apps/${encodeURIComponent(appId)}/credentials/keys/generate?validityYears=${validityYears}`);
  }

  /** Okta's key rotation: `credentials.signing.kid` set on the app; its metadata and Responses follow. */
  selectAppSigningKey(appId: string, kid: string): Promise<OktaApp> {
    return this.json('PUT', `/api/v1/apps/${encodeURIComponent(appId)}`, { credentials: { signing: { kid } } });
  }

  cloneAppKey(appId: string, kid: string, targetAppId: string): Promise<OktaKey> {
    return this.json('POST', `/api/v1/apps/${encodeURIComponent(appId)}/credentials/keys/${encodeURIComponent(kid)}/clone?targetAid=${encodeURIComponent(targetAppId)}`);
  }

  assignUserToApp(appId: string, userId: string): Promise<OktaAppUser> {
    return this.json('POST', `/api/v1/apps/${encodeURIComponent(appId)}/users`, { id: userId, scope: 'USER' });
  }

  /** Removes a direct assignment; a user who reaches the app through a group is refused (E0000001). */
  async unassignUserFromApp(appId: string, userId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/apps/${encodeURIComponent(appId)}/users/${encodeURIComponent(userId)}`);
  }

  assignGroupToApp(appId: string, groupId: string): Promise<OktaAppGroup> {
    return this.json('PUT', `/api/v1/apps/${encodeURIComponent(appId)}/groups/${encodeURIComponent(groupId)}`, {});
  }

  listAppUsers(appId: string): Promise<OktaAppUser[]> {
    return this.json('GET', `/api/v1/apps/${encodeURIComponent(appId)}/users`);
  }

  /** The app's IdP metadata (text/xml); with `kid`, as it will read once that key signs. */
  async getSamlMetadata(appId: string, kid?: string): Promise<string> {
    const path = `/api/v1/apps/${encodeURIComponent(appId)}/sso/saml/metadata${kid ? `?kid=${encodeURIComponent(kid)}` : ''}`;
    const response = await this.call('GET', path, undefined, 'text/xml');
    return response.text();
  }

  /** Read from the metadata, so it also works against a real Okta org. */
  async getSamlSetup(appId: string): Promise<SamlSetup> {
    const xml = await this.getSamlMetadata(appId);
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const byName = (name: string) => [...document.getElementsByTagNameNS('*', name)];
    const issuer = byName('EntityDescriptor')[0]?.getAttribute('entityID') ?? '';
    const ssoUrl = byName('SingleSignOnService')[0]?.getAttribute('Location') ?? '';
    const certificate = (byName('X509Certificate')[0]?.textContent ?? '').replace(/\s+/g, '');
    const externalKey = issuer.split('/').pop() ?? '';
    return {
      ssoUrl,
      issuer,
      certificatePem: `-----BEGIN CERTIFICATE-----\n${certificate.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
      metadataUrl: new URL(`/app/${externalKey}/sso/saml/metadata`, this.baseUrl).href,
    };
  }

  // --- the mock's own faults API (/mock/v1/faults): not Okta's, same token and error shape ---

  /** Sets a deliberate fault on this org (see README "Faults"); refused with E0000001 naming the bad field. */
  addFault(spec: FaultSpec): Promise<FaultView> {
    return this.json('POST', '/mock/v1/faults', spec);
  }

  listFaults(): Promise<FaultView[]> {
    return this.json('GET', '/mock/v1/faults');
  }

  async removeFault(id: string): Promise<void> {
    await this.call('DELETE', `/mock/v1/faults/${encodeURIComponent(id)}`);
  }

  /** Removes every fault, or those labelled `label`; returns how many were removed. */
  async clearFaults(label?: string): Promise<number> {
    const query = label === undefined ? '' : `?label=${encodeURIComponent(label)}`;
    return (await this.json<{ removed: number }>('DELETE', `/mock/v1/faults${query}`)).removed;
  }

  /** What the org sent with faults applied, decoded, oldest first (only `label`'s when given). */
  sentWithFaults(label?: string): Promise<SentWithFaults[]> {
    const query = label === undefined ? '' : `?label=${encodeURIComponent(label)}`;
    return this.json('GET', `/mock/v1/faults/sent${query}`);
  }

  async clearSentWithFaults(): Promise<void> {
    await this.call('DELETE', '/mock/v1/faults/sent');
  }

  /** How many requests the public canary URL `/mock/v1/canary/{token}` received (XXE, jku, x5u cases). */
  async canaryHits(token: string): Promise<number> {
    return (await this.json<{ hits: number }>('GET', `/mock/v1/faults/canary/${encodeURIComponent(token)}`)).hits;
  }

  listFaultMutations(): Promise<{ name: string; point: FaultPoint; summary: string }[]> {
    return this.json('GET', '/mock/v1/faults/mutations');
  }

  /** The public canary URL for `token` (e.g. an `xxe` mutation's canaryUrl); read it back with canaryHits(token). */
  canaryUrl(token: string): string {
    return new URL(`/mock/v1/canary/${encodeURIComponent(token)}`, this.baseUrl).href;
  }

  /** Every fetch of the org's canary URLs, which an SP must never make (oldest first); only `token`'s when given. */
  listCanaryHits(token?: string): Promise<CanaryHit[]> {
    const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
    return this.json('GET', `/mock/v1/faults/canary${query}`);
  }

  async clearCanaryHits(): Promise<void> {
    await this.call('DELETE', '/mock/v1/faults/canary');
  }

  // --- the mock's inspector (/mock/v1/inspector): every protocol message of the org, decoded ---

  /**
   * The org's recent protocol messages, oldest first: only those after the message id `after` (the
   * `last` of an earlier answer), the newest `limit`, or those a fault labelled `label` changed.
   */
  inspector(options: InspectorQuery = {}): Promise<InspectorPage> {
    return this.json('GET', `/mock/v1/inspector${inspectorQuery(options)}`);
  }

  /** The same messages as text, XML laid out: what the cucumber report attaches for a scenario. */
  async inspectorTrace(options: InspectorQuery = {}): Promise<string> {
    return (await this.call('GET', `/mock/v1/inspector/trace${inspectorQuery(options)}`, undefined, 'text/plain')).text();
  }

  async clearInspector(): Promise<void> {
    await this.call('DELETE', '/mock/v1/inspector');
  }
}

export interface InspectorQuery {
  after?: number;
  limit?: number;
  label?: string;
}

export interface InspectorPage {
  /** The id of the newest message the org ever recorded: pass it as `after` to get only newer ones. */
  last: number;
  messages: InspectedMessage[];
}

function inspectorQuery({ after, limit, label }: InspectorQuery): string {
  const query = new URLSearchParams();
  if (after !== undefined) query.set('after', String(after));
  if (limit !== undefined) query.set('limit', String(limit));
  if (label !== undefined) query.set('label', label);
  const text = query.toString();
  return text ? `?${text}` : '';
}
