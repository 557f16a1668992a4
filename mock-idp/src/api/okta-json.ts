/**
 * The org's records in Okta's Management API JSON shapes (User, Group, Application, AppUser,
 * ApplicationGroupAssignment in okta-mgmt.yaml), with `_links` to the org's own origin.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { apiMetadataPath, metadataPath, samlIssuer, sloPath, ssoPath } from '../saml/urls.ts';
import type { App, Group, OidcApp, SamlApp, SigningCredentials, User } from '../tenant/model.ts';
import type { AppUserAssignment } from '../tenant/org-store.ts';
import { appUserName } from '../saml/subject.ts';

const iso = (date: Date): string => date.toISOString();

export function userJson(user: User, origin: string) {
  return {
    id: user.id,
    status: user.status,
    created: iso(user.created),
    activated: user.status === 'ACTIVE' ? iso(user.created) : null,
    statusChanged: iso(user.lastUpdated),
    lastLogin: null,
    lastUpdated: iso(user.lastUpdated),
    passwordChanged: iso(user.created),
    type: { id: 'oty00000000000000000' },
    profile: { firstName: user.profile.firstName, lastName: user.profile.lastName, mobilePhone: null, secondEmail: null, login: user.profile.login, email: user.profile.email },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${origin}/api/v1/users/${user.id}` } },
  };
}

export function groupJson(group: Group, origin: string) {
  return {
    id: group.id,
    created: iso(group.created),
    lastUpdated: iso(group.lastUpdated),
    lastMembershipUpdated: iso(group.lastUpdated),
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: { name: group.profile.name, description: group.profile.description },
    _links: {
      self: { href: `${origin}/api/v1/groups/${group.id}` },
      users: { href: `${origin}/api/v1/groups/${group.id}/users` },
      apps: { href: `${origin}/api/v1/groups/${group.id}/apps` },
    },
  };
}

/** The dashboard link Okta names after the app's catalogue name. */
const appLinkName = (app: App): string => `${app.name}_link`;

/**
 * The Application fields every sign-on mode shares, in Okta's order. signOnMode, which follows them,
 * stays with each mode so that its JSON keeps the literal type the OktaApp union is told apart by.
 */
function appBaseJson(app: App) {
  return {
    id: app.id,
    orn: `orn:okta:idp:${app.id}:apps:${app.name}`,
    name: app.name,
    label: app.label,
    status: app.status,
    created: iso(app.created),
    lastUpdated: iso(app.lastUpdated),
    // Okta's console shows the redirect URLs as null; its schema types them as strings, so unset ones are left out.
    accessibility: { selfService: false },
    visibility: { ...app.visibility, appLinks: { [appLinkName(app)]: true } },
    features: [],
  };
}

/** An app's `_links`: the dashboard link first, then the mode's own links, then the common ones. */
function appLinksJson<Extra extends object>(app: App, origin: string, modeLinks: Extra) {
  const linkName = appLinkName(app);
  return {
    appLinks: [{ name: linkName, href: `${origin}/home/${app.name}/${app.id}/${linkName}`, type: 'text/html' }],
    ...modeLinks,
    users: { href: `${origin}/api/v1/apps/${app.id}/users` },
    groups: { href: `${origin}/api/v1/apps/${app.id}/groups` },
    self: { href: `${origin}/api/v1/apps/${app.id}` },
    deactivate: { href: `${origin}/api/v1/apps/${app.id}/lifecycle/deactivate` },
  };
}

function samlAppJson(app: SamlApp, origin: string) {
  return {
    ...appBaseJson(app),
    signOnMode: app.signOnMode,
    credentials: { userNameTemplate: { ...app.userNameTemplate }, signing: { kid: app.signing.kid } },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' } } },
      signOn: {
        ...app.signOn,
        attributeStatements: app.signOn.attributeStatements.map((statement) => ({ ...statement })),
        acsEndpoints: app.signOn.acsEndpoints.map((endpoint) => ({ ...endpoint })),
        slo: { ...app.signOn.slo },
        participateSlo: { ...app.signOn.participateSlo },
        // Okta leaves the certificate out until one is uploaded.
        spCertificate: app.signOn.spCertificate ? { x5c: [...app.signOn.spCertificate.x5c] } : undefined,
        // Okta shows spIssuer only while SLO is enabled.
        spIssuer: app.signOn.slo.enabled ? app.signOn.slo.issuer : undefined,
        assertionEncryption: { ...app.signOn.assertionEncryption, x5c: [...app.signOn.assertionEncryption.x5c] },
        requestCompressed: false,
        idpIssuer: samlIssuer(app),
        authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      },
    },
    _links: appLinksJson(app, origin, {
      metadata: { href: origin + apiMetadataPath(app), type: 'text/xml' },
      // Not in Okta's JSON; the admin console shows these on "View SAML setup instructions".
      ssoUrl: { href: origin + ssoPath(app), type: 'text/html' },
      sloUrl: { href: origin + sloPath(app), type: 'text/html' },
      publicMetadata: { href: origin + metadataPath(app), type: 'application/xml' },
    }),
  };
}

/** Okta's OpenIdConnectApplication. The secret is shown, as the admin console's General tab does. */
function oidcAppJson(app: OidcApp, origin: string) {
  const { client_secret: secret, ...credentials } = app.credentials;
  const { initiate_login_uri: initiateLoginUri, ...oauthClient } = app.oauthClient;
  return {
    ...appBaseJson(app),
    signOnMode: app.signOnMode,
    credentials: {
      userNameTemplate: { ...app.userNameTemplate },
      // Okta's org authorization server signs with the app's own key once one is selected.
      signing: app.signingKid ? { kid: app.signingKid } : {},
      // Okta omits the secret of a public client (token_endpoint_auth_method none).
      oauthClient: { autoKeyRotation: true, ...credentials, ...(secret ? { client_secret: secret } : {}) },
    },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' } } },
      oauthClient: {
        ...oauthClient,
        redirect_uris: [...oauthClient.redirect_uris],
        post_logout_redirect_uris: [...oauthClient.post_logout_redirect_uris],
        response_types: [...oauthClient.response_types],
        grant_types: [...oauthClient.grant_types],
        idp_initiated_login: { ...oauthClient.idp_initiated_login, default_scope: [...oauthClient.idp_initiated_login.default_scope] },
        // Okta leaves the field out until it is set.
        ...(initiateLoginUri ? { initiate_login_uri: initiateLoginUri } : {}),
        issuer_mode: 'ORG_URL' as const,
        wildcard_redirect: 'DISABLED' as const,
      },
    },
    _links: appLinksJson(app, origin, {}),
  };
}

export function appJson(app: App, origin: string) {
  switch (app.signOnMode) {
    case 'SAML_2_0':
      return samlAppJson(app, origin);
    case 'OPENID_CONNECT':
      return oidcAppJson(app, origin);
  }
}

/**
 * A key credential as Okta's JsonWebKey: the public half, its certificate (x5c, base64 DER) and the
 * certificate's SHA-256 thumbprint.
 */
export function keyJson(key: SigningCredentials) {
  const certificate = new X509Certificate(key.certificatePem);
  const { n, e } = certificate.publicKey.export({ format: 'jwk' });
  return {
    created: iso(key.created),
    lastUpdated: iso(key.created),
    expiresAt: iso(key.expiresAt),
    x5c: [certificate.raw.toString('base64')],
    e: e!,
    n: n!,
    kid: key.kid,
    kty: 'RSA' as const,
    use: 'sig' as const,
    'x5t#S256': createHash('sha256').update(certificate.raw).digest('base64url'),
  };
}

export function appUserJson(app: App, assignment: AppUserAssignment, origin: string) {
  const { user } = assignment;
  return {
    id: user.id,
    created: iso(assignment.created),
    lastUpdated: iso(assignment.created),
    scope: assignment.scope,
    status: 'ACTIVE',
    statusChanged: iso(assignment.created),
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: appUserName(app, user) },
    profile: {},
    _links: {
      app: { href: `${origin}/api/v1/apps/${app.id}` },
      user: { href: `${origin}/api/v1/users/${user.id}` },
      self: { href: `${origin}/api/v1/apps/${app.id}/users/${user.id}` },
    },
  };
}

/** Okta's AssignedAppLink: one dashboard tile of a user (what /app/UserHome shows). */
export function appLinkJson(app: App, user: User, origin: string) {
  const linkName = appLinkName(app);
  return {
    id: `00a${app.id.slice(3)}`,
    label: app.label,
    linkUrl: `${origin}/home/${app.name}/${app.id}/${linkName}`,
    logoUrl: `${origin}/assets/img/logos/default.png`,
    appName: app.name,
    appInstanceId: app.id,
    appAssignmentId: `0ua${user.id.slice(3)}`,
    credentialsSetup: false,
    hidden: app.visibility.hide.web,
    sortOrder: 0,
  };
}

export function appGroupJson(app: App, group: Group, created: Date, origin: string) {
  return {
    id: group.id,
    lastUpdated: iso(created),
    priority: 0,
    profile: {},
    _links: {
      app: { href: `${origin}/api/v1/apps/${app.id}` },
      group: { href: `${origin}/api/v1/groups/${group.id}` },
    },
  };
}

/** The JSON shapes, as the control client returns them. */
export type OktaUser = ReturnType<typeof userJson>;
export type OktaGroup = ReturnType<typeof groupJson>;
export type OktaSamlApp = ReturnType<typeof samlAppJson>;
export type OktaOidcApp = ReturnType<typeof oidcAppJson>;
export type OktaApp = ReturnType<typeof appJson>;
export type OktaAppUser = ReturnType<typeof appUserJson>;
export type OktaAppGroup = ReturnType<typeof appGroupJson>;
export type OktaKey = ReturnType<typeof keyJson>;
