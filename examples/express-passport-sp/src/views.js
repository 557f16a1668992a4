// The app's pages. Plain template strings; every value is escaped.
const escape = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Notebook</title></head>
<body><main>${body}</main></body></html>`;

export const signupPage = (error) =>
  page(
    'Create your workspace',
    `<h1>Create your workspace</h1>
${error ? `<p class="alert" data-error="${escape(error)}">That email already has an account.</p>` : ''}
<form method="post" action="/signup">
  <label>Workspace name <input name="workspace" required></label>
  <label>Email <input name="email" type="email" required></label>
  <label>Password <input name="password" type="password" required minlength="8"></label>
  <button type="submit">Create workspace</button>
</form>`,
  );

export const loginPage = (error) =>
  page(
    'Sign in',
    `<h1>Sign in</h1>
${error ? `<p class="alert" data-error="${escape(error)}">Wrong email or password.</p>` : ''}
<form method="post" action="/login">
  <label>Email <input name="email" type="email" required></label>
  <label>Password <input name="password" type="password" required></label>
  <button type="submit">Sign in</button>
</form>
<p><a id="sso-link" href="/login/sso">Sign in with SSO</a></p>`,
  );

export const ssoKeyPage = () =>
  page(
    'Sign in with SSO',
    `<h1>Sign in with SSO</h1>
<form method="get" action="/login/sso/go">
  <label>Workspace login key <input name="key" required></label>
  <button type="submit">Continue</button>
</form>`,
  );

const METHOD_LABELS = { password: 'Password', saml: 'SAML', oidc: 'OpenID Connect' };

export const appPage = ({ email, workspace, role, method }) =>
  page(
    'Notebook',
    `<h1>Notebook</h1>
<section id="account">
  <p>Signed in as <span data-field="email">${escape(email)}</span> in <span data-field="workspace">${escape(workspace)}</span></p>
  <p>Role: <span data-field="role">${escape(role)}</span> · via <span data-field="method">${escape(METHOD_LABELS[method] ?? method)}</span></p>
  <form method="post" action="/logout"><button type="submit">Sign out</button></form>
</section>`,
  );

const MESSAGES = {
  unknown_workspace: 'No workspace uses this login key.',
  not_a_member: 'You are not a member of this workspace. Ask an admin to invite you.',
  no_email: 'Your identity provider did not send an email address.',
  sso_not_configured: 'Single sign-on is not set up for this workspace.',
  sso_failed: 'Single sign-on failed.',
};

export const errorPage = (code) =>
  page('Cannot sign you in', `<h1>Cannot sign you in</h1>\n<p class="alert" data-error="${escape(code)}">${escape(MESSAGES[code] ?? MESSAGES.sso_failed)}</p>\n<p><a href="/login">Back to sign in</a></p>`);
