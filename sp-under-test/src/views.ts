// Page bodies. data-testid attributes are the harness's contract (see README.md).
import { csrfField, esc, layout, type LayoutOptions } from './html.ts';
import type { Account, Organization } from './model.ts';
import type { SsoSettingsInput } from './settings.ts';

type SignedIn = LayoutOptions['signedIn'];

function formError(testid: string, code: string | undefined, message: string | undefined): string {
  if (!code) return '';
  return `<p class="error" role="alert" data-testid="${testid}" data-error-code="${esc(code)}">${esc(message)} <code>${esc(code)}</code></p>`;
}

export function signupPage(csrf: string, values: { organization?: string; email?: string }, error?: { code: string; message: string }): string {
  return layout(
    { title: 'Sign up' },
    `<h1>Create your organization</h1>
${formError('signup-error', error?.code, error?.message)}
<form method="post" action="/signup">${csrfField(csrf)}
<label for="signup-organization">Organization name</label>
<input id="signup-organization" name="organization" type="text" required maxlength="100" value="${esc(values.organization)}" data-testid="signup-organization">
<label for="signup-email">Email</label>
<input id="signup-email" name="email" type="email" required value="${esc(values.email)}" data-testid="signup-email">
<label for="signup-password">Password</label>
<input id="signup-password" name="password" type="password" required minlength="8" data-testid="signup-password">
<button type="submit" data-testid="signup-submit">Create organization</button>
</form>
<p>Already have an account? <a href="/signin">Sign in</a></p>`,
  );
}

export function signinPage(csrf: string, email: string, error?: { code: string; message: string }): string {
  return layout(
    { title: 'Sign in' },
    `<h1>Sign in</h1>
${formError('signin-error', error?.code, error?.message)}
<form method="post" action="/signin">${csrfField(csrf)}
<label for="signin-email">Email</label>
<input id="signin-email" name="email" type="email" required value="${esc(email)}" data-testid="signin-email">
<label for="signin-password">Password</label>
<input id="signin-password" name="password" type="password" required data-testid="signin-password">
<button type="submit" data-testid="signin-submit">Sign in</button>
</form>
<p><a href="/sso" data-testid="signin-continue-sso">Continue with SSO</a></p>
<p><a href="/sso" data-testid="signin-login-with-okta">Login with Okta</a></p>
<form method="post" action="/sso/email">${csrfField(csrf)}
<label for="signin-sso-email">Work email</label>
<input id="signin-sso-email" name="email" type="email" required autocomplete="email" data-testid="signin-sso-email">
<p class="hint">Your organization's email domain takes you to its identity provider.</p>
<button type="submit" data-testid="signin-sso-submit">Sign in with SSO</button>
</form>
<p class="hint">No account yet? <a href="/signup">Create an organization</a></p>`,
  );
}

export function ssoPortalPage(): string {
  return layout(
    { title: 'Continue with SSO' },
    `<h1>Continue with SSO</h1>
<form method="get" action="/sso">
<label for="sso-portal-key">SSO portal key / Customer ID</label>
<input id="sso-portal-key" name="key" type="text" required data-testid="sso-portal-key">
<p class="hint">Your administrator shares it; it tells us which organization (and which Okta) to sign you in with.</p>
<button type="submit" data-testid="sso-portal-submit">Continue</button>
</form>
<p><a href="/signin">Back to sign in</a></p>`,
  );
}

export function homePage(signedIn: SignedIn, account: Account, org: Organization, authMethod: string): string {
  return layout(
    { title: 'Home', signedIn },
    `<h1>Welcome</h1>
<dl>
<dt>Email</dt><dd data-testid="home-email">${esc(account.email)}</dd>
<dt>Organization</dt><dd data-testid="home-organization">${esc(org.name)}</dd>
<dt>Role</dt><dd data-testid="home-role">${esc(account.role)}</dd>
<dt>Signed in with</dt><dd data-testid="home-auth-method">${esc(authMethod)}</dd>
</dl>`,
  );
}

export function refusalPage(code: string, message: string): string {
  return layout(
    { title: 'Single sign-on refused' },
    `<div class="error" role="alert" data-testid="sso-error" data-error-code="${esc(code)}">
<h1>Sign-in refused</h1>
<p data-testid="sso-error-message">${esc(message)}</p>
<p>Error code: <code data-testid="sso-error-code">${esc(code)}</code></p>
</div>
<p><a href="/signin" data-testid="sso-error-back">Back to sign in</a></p>`,
  );
}

export function errorPage(code: string, message: string, signedIn?: SignedIn): string {
  return layout(
    { title: 'Error', signedIn: signedIn ?? null },
    `<div class="error" role="alert" data-testid="app-error" data-error-code="${esc(code)}"><h1>Something is not right</h1>
<p>${esc(message)}</p><p>Error code: <code>${esc(code)}</code></p></div><p><a href="/signin">Back to sign in</a></p>`,
  );
}

export interface SsoSettingsView {
  configured: boolean;
  protocol: 'saml' | 'oidc' | null;
  oidcRedirectUri: string;
  oidcInitiateLoginUri: string;
  oidcClientSecretSet: boolean;
  apiToken: string;
  orgId: string;
  spEntityId?: string;
  spAcsUrl?: string;
  spPortalUrl?: string;
  spMetadataUrl?: string;
}

function samlGenerated(values: SsoSettingsInput, view: SsoSettingsView): string {
  return `<section data-testid="sso-generated"><h2>Values for your identity provider</h2>
<dl>
<dt>SP Entity ID (Audience URI)</dt><dd><span class="value" data-testid="sso-sp-entity-id">${esc(view.spEntityId)}</span></dd>
<dt>Callback URL (ACS, Okta "Single sign on URL")</dt><dd><span class="value" data-testid="sso-sp-acs-url">${esc(view.spAcsUrl)}</span></dd>
<dt>Portal URL</dt><dd><span class="value" data-testid="sso-sp-portal-url">${esc(view.spPortalUrl)}</span></dd>
<dt>SP metadata</dt><dd><a href="${esc(view.spMetadataUrl)}" data-testid="sso-sp-metadata-url">${esc(view.spMetadataUrl)}</a></dd>
</dl>
<h2>Current identity provider</h2>
<dl>
<dt>Sign on URL</dt><dd><span class="value" data-testid="sso-current-idp-sso-url">${esc(values.idpSsoUrl)}</span></dd>
<dt>Issuer</dt><dd><span class="value" data-testid="sso-current-idp-issuer">${esc(values.idpIssuer)}</span></dd>
</dl></section>`;
}

function oidcGenerated(values: SsoSettingsInput, view: SsoSettingsView): string {
  return `<section data-testid="sso-generated"><h2>Values for your Okta app integration</h2>
<dl>
<dt>Sign-in redirect URI</dt><dd><span class="value" data-testid="sso-oidc-redirect-uri">${esc(view.oidcRedirectUri)}</span></dd>
<dt>Initiate login URI (Login initiated by: Either Okta or App; Redirect to app to initiate login)</dt><dd><span class="value" data-testid="sso-oidc-initiate-login-uri">${esc(view.oidcInitiateLoginUri)}</span></dd>
<dt>Portal URL</dt><dd><span class="value" data-testid="sso-sp-portal-url">${esc(view.spPortalUrl)}</span></dd>
</dl>
<h2>Current identity provider</h2>
<dl>
<dt>Issuer</dt><dd><span class="value" data-testid="sso-current-oidc-issuer">${esc(values.oidcIssuer)}</span></dd>
<dt>Client ID</dt><dd><span class="value" data-testid="sso-current-oidc-client-id">${esc(values.oidcClientId)}</span></dd>
</dl></section>`;
}

function oidcFields(values: SsoSettingsInput, view: SsoSettingsView): string {
  const accept = values.acceptOktaSimplified === true || values.acceptOktaSimplified === 'on';
  const secretHint = view.oidcClientSecretSet ? 'A secret is saved; leave empty to keep it.' : 'From the app\'s General tab in Okta.';
  return `<div data-protocol-fields="oidc">
<fieldset><legend>OpenID Connect (Okta app integration, Web Application)</legend>
<p class="hint">Sign-in redirect URI to enter in Okta: <span class="value" data-testid="sso-oidc-redirect-uri-preview">${esc(view.oidcRedirectUri)}</span></p>
<label for="sso-oidc-issuer">Issuer URL or Okta domain</label>
<input id="sso-oidc-issuer" name="oidcIssuer" type="text" value="${esc(values.oidcIssuer)}" placeholder="dev-123.okta.com" data-testid="sso-oidc-issuer">
<label for="sso-oidc-client-id">Client ID</label>
<input id="sso-oidc-client-id" name="oidcClientId" type="text" value="${esc(values.oidcClientId)}" autocomplete="off" data-testid="sso-oidc-client-id">
<label for="sso-oidc-client-secret">Client Secret</label>
<input id="sso-oidc-client-secret" name="oidcClientSecret" type="password" value="" autocomplete="new-password" data-testid="sso-oidc-client-secret">
<p class="hint">${esc(secretHint)}</p>
<label><input id="sso-accept-okta-simplified" name="acceptOktaSimplified" type="checkbox"${accept ? ' checked' : ''} data-testid="sso-accept-okta-simplified"> Accept an ID token sent by the Okta dashboard ("Okta Simplified" login flow)</label>
</fieldset>
</div>`;
}

function option(value: string, current: string, label: string): string {
  return `<option value="${esc(value)}"${value === current ? ' selected' : ''}>${esc(label)}</option>`;
}

export function ssoSettingsPage(
  signedIn: SignedIn,
  csrf: string,
  values: SsoSettingsInput,
  view: SsoSettingsView,
  notice: { saved?: boolean; error?: { code: string; message: string } },
): string {
  const v = (x: unknown): string => (typeof x === 'string' ? x : '');
  const allow = values.allowIdpInitiated === true || values.allowIdpInitiated === 'on';
  const protocol = v(values.protocol) || 'saml';
  const generated = !view.configured
    ? '<p class="hint">Save the settings to get the values to enter in your identity provider.</p>'
    : view.protocol === 'oidc'
      ? oidcGenerated(values, view)
      : samlGenerated(values, view);
  return layout(
    { title: 'SSO settings', signedIn },
    `<h1>Single sign-on</h1>
${notice.saved ? '<p class="ok" data-testid="sso-settings-saved">SSO settings saved.</p>' : ''}
${formError('sso-settings-error', notice.error?.code, notice.error?.message)}
${generated}
<h2>Settings</h2>
<form method="post" action="/settings/sso" enctype="multipart/form-data">${csrfField(csrf)}
<label for="sso-protocol">Protocol</label>
<select id="sso-protocol" name="protocol" data-testid="sso-protocol">${option('saml', protocol, 'SAML 2.0')}${option('oidc', protocol, 'OpenID Connect (OIDC)')}</select>
<label for="sso-portal-key">SSO portal key</label>
<input id="sso-portal-key" name="portalKey" type="text" value="${esc(values.portalKey)}" data-testid="sso-portal-key">
<p class="hint">3–64 characters: letters, digits, _ or -. Share it with your team: it is how they reach your sign-in.</p>
<div data-protocol-fields="saml">
<fieldset><legend>Identity provider: either upload its metadata…</legend>
<label for="sso-idp-metadata">IdP metadata file</label>
<input id="sso-idp-metadata" name="idpMetadata" type="file" accept=".xml,application/xml,text/xml" data-testid="sso-idp-metadata">
<label for="sso-idp-metadata-xml">…or paste the metadata XML</label>
<textarea id="sso-idp-metadata-xml" name="idpMetadataXml" data-testid="sso-idp-metadata-xml">${esc(values.idpMetadataXml)}</textarea>
</fieldset>
<fieldset><legend>…or enter the values by hand</legend>
<label for="sso-idp-sso-url">Sign on URL</label>
<input id="sso-idp-sso-url" name="idpSsoUrl" type="text" value="${esc(values.idpSsoUrl)}" data-testid="sso-idp-sso-url">
<label for="sso-idp-issuer">Issuer</label>
<input id="sso-idp-issuer" name="idpIssuer" type="text" value="${esc(values.idpIssuer)}" data-testid="sso-idp-issuer">
<label for="sso-idp-certificate">Certificate</label>
<textarea id="sso-idp-certificate" name="idpCertificate" data-testid="sso-idp-certificate">${esc(values.idpCertificate)}</textarea>
</fieldset>
<label><input id="sso-allow-idp-initiated" name="allowIdpInitiated" type="checkbox"${allow ? ' checked' : ''} data-testid="sso-allow-idp-initiated"> Allow sign-in from the identity provider's dashboard (IdP-initiated)</label>
</div>
${oidcFields(values, view)}
<label for="sso-domains">Email domains</label>
<input id="sso-domains" name="domains" type="text" value="${esc(Array.isArray(values.domains) ? values.domains.join(', ') : v(values.domains))}" placeholder="example.com, example.org" data-testid="sso-domains">
<p class="hint">People who "Sign in with SSO" with an email of these domains come to this organization; with Just-in-time provisioning, only these domains get accounts. A domain belongs to one organization.</p>
<label for="sso-provisioning">Provisioning</label>
<select id="sso-provisioning" name="provisioning" data-testid="sso-provisioning">${option('invite-only', v(values.provisioning) || 'invite-only', 'Invite only')}${option('jit', v(values.provisioning), 'Just-in-time')}</select>
<label for="sso-enforcement">Enforcement</label>
<select id="sso-enforcement" name="enforcement" data-testid="sso-enforcement">${option('mixed', v(values.enforcement) || 'mixed', 'Mixed mode (password or SSO)')}${option('enforced', v(values.enforcement), 'SSO enforced (SSO-only)')}</select>
<button type="submit" data-testid="sso-save">Save</button>
</form>
<script src="/assets/settings.js" defer></script>
<h2>Automation</h2>
<p>API token for <code>/api/orgs/${esc(view.orgId)}/…</code>: <span class="value" data-testid="sso-api-token">${esc(view.apiToken)}</span></p>
<p class="hint">Organization id: <span class="value" data-testid="sso-org-id">${esc(view.orgId)}</span></p>`,
  );
}

export function membersPage(
  signedIn: SignedIn,
  csrf: string,
  members: Array<Account & { invitationUrl: string | null }>,
  notice: { invited?: string; error?: { code: string; message: string }; email?: string },
): string {
  const link = (url: string | null): string =>
    url ? `<a href="${esc(url)}" data-testid="member-invitation-link">Invitation link</a>` : '';
  const rows = members
    .map(
      (m) =>
        `<tr data-testid="member-row" data-email="${esc(m.email)}" data-status="${esc(m.status)}" data-role="${esc(m.role)}"><td>${esc(m.email)}</td><td>${esc(m.role)}</td><td>${esc(m.status)}</td><td>${link(m.invitationUrl)}</td></tr>`,
    )
    .join('\n');
  return layout(
    { title: 'Members', signedIn },
    `<h1>Members</h1>
${notice.invited ? `<p class="ok" data-testid="invite-sent">Invited ${esc(notice.invited)}.</p>` : ''}
${formError('invite-error', notice.error?.code, notice.error?.message)}
<form method="post" action="/settings/members">${csrfField(csrf)}
<label for="invite-email">Invite by email</label>
<input id="invite-email" name="email" type="email" required value="${esc(notice.email)}" data-testid="invite-email">
<label for="invite-role">Role</label>
<select id="invite-role" name="role" data-testid="invite-role"><option value="member" selected>Member</option><option value="admin">Admin</option></select>
<button type="submit" data-testid="invite-submit">Invite</button>
</form>
<p class="hint">Share an invited person's invitation link with them: it signs them in to this organization with SSO (the email must be the invited one), or lets them set a password when SSO is not enforced.</p>
<table><thead><tr><th>Email</th><th>Role</th><th>Status</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>`,
  );
}

export function invitationPage(
  csrf: string,
  token: string,
  account: Account,
  org: Organization,
  error?: { code: string; message: string },
): string {
  const base = `/invitations/${encodeURIComponent(token)}`;
  const sso = org.sso
    ? `<p><a href="${esc(base)}/sso" data-testid="invitation-sso">Sign in with SSO</a></p>`
    : '<p class="hint">Single sign-on is not set up for this organization yet.</p>';
  const password =
    org.sso?.enforcement === 'enforced'
      ? '<p class="hint">This organization signs people in with SSO only.</p>'
      : `<form method="post" action="${esc(base)}/password">${csrfField(csrf)}
<label for="invitation-password">Set a password</label>
<input id="invitation-password" name="password" type="password" required minlength="8" autocomplete="new-password" data-testid="invitation-password">
<button type="submit" data-testid="invitation-password-submit">Accept with this password</button>
</form>`;
  return layout(
    { title: 'Invitation' },
    `<h1>You are invited to <span data-testid="invitation-organization">${esc(org.name)}</span></h1>
${formError('invitation-error', error?.code, error?.message)}
<p>Invited: <span class="value" data-testid="invitation-email">${esc(account.email)}</span> as ${esc(account.role)}</p>
${sso}
${password}`,
  );
}

export function joinPage(csrf: string, organization: string, email: string): string {
  return layout(
    { title: `Join ${organization}?` },
    `<section data-testid="join-prompt"><h1>Join <span data-testid="join-organization">${esc(organization)}</span>?</h1>
<p>You signed in as <span class="value" data-testid="join-email">${esc(email)}</span>, who has no account in this organization yet.</p>
<form method="post" action="/join">${csrfField(csrf)}
<button type="submit" name="answer" value="accept" data-testid="join-accept">Join ${esc(organization)}</button>
<button type="submit" name="answer" value="decline" data-testid="join-decline">No thanks</button>
</form></section>`,
  );
}

export function joinDeclinedPage(organization: string): string {
  return layout(
    { title: 'Not joined' },
    `<p data-testid="join-declined">You did not join ${esc(organization)}. Nothing was created.</p><p><a href="/signin">Back to sign in</a></p>`,
  );
}
