/**
 * OrgControlClient: a typed client for one org's Management API subset, over HTTP only (global
 * fetch), with Okta's JSON shapes and `Authorization: SSWS {apiToken}`. It does what the Okta admin
 * does in the admin console, so the harness works the same against an embedded mock, one in another
 * process, or one in a container. A non-2xx answer throws ControlApiError with Okta's errorCode.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { OktaAppGroup, OktaAppUser, OktaGroup, OktaSamlApp, OktaUser } from './api/okta-json.ts';
import type { AppVisibility, SamlSignOn, UserNameTemplate, UserStatus } from './tenant/model.ts';

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

const templateBody = (value: string | Partial<UserNameTemplate>): Partial<UserNameTemplate> =>
  typeof value === 'string' ? { template: value, type: value.startsWith('${source.') ? 'BUILT_IN' : 'CUSTOM' } : value;

export class OrgControlClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiToken: string,
  ) {}

  private async call(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
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

  listUsers(): Promise<OktaUser[]> {
    return this.json('GET', '/api/v1/users');
  }

  createGroup(input: { name: string; description?: string }): Promise<OktaGroup> {
    return this.json('POST', '/api/v1/groups', { profile: { name: input.name, description: input.description ?? '' } });
  }

  async addUserToGroup(groupId: string, userId: string): Promise<void> {
    await this.call('PUT', `/api/v1/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(userId)}`);
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
    const app = await this.getApp(appId);
    return this.json('PUT', `/api/v1/apps/${encodeURIComponent(appId)}`, {
      label: changes.label ?? app.label,
      signOnMode: app.signOnMode,
      visibility: { autoSubmitToolbar: app.visibility.autoSubmitToolbar, hide: app.visibility.hide },
      settings: { signOn: { ...app.settings.signOn, ...changes.signOn } },
      credentials: { userNameTemplate: changes.userNameTemplate ? templateBody(changes.userNameTemplate) : app.credentials.userNameTemplate },
    });
  }

  getApp(appId: string): Promise<OktaSamlApp> {
    return this.json('GET', `/api/v1/apps/${encodeURIComponent(appId)}`);
  }

  listApps(): Promise<OktaSamlApp[]> {
    return this.json('GET', '/api/v1/apps');
  }

  assignUserToApp(appId: string, userId: string): Promise<OktaAppUser> {
    return this.json('POST', `/api/v1/apps/${encodeURIComponent(appId)}/users`, { id: userId, scope: 'USER' });
  }

  assignGroupToApp(appId: string, groupId: string): Promise<OktaAppGroup> {
    return this.json('PUT', `/api/v1/apps/${encodeURIComponent(appId)}/groups/${encodeURIComponent(groupId)}`, {});
  }

  listAppUsers(appId: string): Promise<OktaAppUser[]> {
    return this.json('GET', `/api/v1/apps/${encodeURIComponent(appId)}/users`);
  }

  async getSamlMetadata(appId: string): Promise<string> {
    const response = await this.call('GET', `/api/v1/apps/${encodeURIComponent(appId)}/sso/saml/metadata`, undefined, 'application/xml');
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
}
