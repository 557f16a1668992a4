/**
 * The HTML a browser sees: Okta's sign-in page, Okta's error page, the auto-submitting SAML and
 * id_token forms, and the end-user dashboard. Selectors the harness relies on are `data-testid`s listed in
 * docs/contracts.md. Every value is escaped; no page carries a script from anywhere else.
 */
import type { IdpError } from './errors.ts';
import { escapeHtml as e } from './xml.ts';

const STYLE = `
body{margin:0;background:#f4f6f9;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1d21}
ul.tiles{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}
ul.tiles a{display:block;width:140px;padding:24px 8px;text-align:center;border:1px solid #d7d8dc;border-radius:4px;color:#1d1d21;text-decoration:none}
header{text-align:center;padding:32px 0 8px;font-size:14px;color:#6e6e78}
.card{width:400px;margin:24px auto;background:#fff;border:1px solid #d7d8dc;border-radius:4px;box-shadow:0 2px 0 rgba(175,175,175,.12);padding:32px 42px}
h1{font-size:20px;font-weight:600;margin:0 0 24px;text-align:center}
label{display:block;font-size:14px;margin:16px 0 6px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;height:40px;padding:6px 8px;border:1px solid #8c8c96;border-radius:4px;font-size:14px}
button,input[type=submit]{width:100%;height:48px;margin-top:24px;background:#1662dd;color:#fff;border:0;border-radius:4px;font-size:15px;font-weight:600;cursor:pointer}
.error{background:#fef0f0;border:1px solid #e72500;border-radius:4px;padding:12px;margin-bottom:16px;font-size:14px}
.code{font-family:monospace;font-size:12px;color:#6e6e78;margin-top:16px}
`;

function layout(title: string, orgName: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)}</title><style>${STYLE}</style></head><body>
<header data-testid="okta-org-name">${e(orgName)}</header>
<main class="card">${body}</main></body></html>`;
}

export interface SignInPageInput {
  orgName: string;
  fromURI: string;
  username?: string;
  error?: IdpError;
}

export function signInPage({ orgName, fromURI, username, error }: SignInPageInput): string {
  const failure = error
    ? `<div class="error" role="alert" data-testid="okta-signin-error" data-error-code="${e(error.code)}">${e(error.message)}</div>`
    : '';
  return layout(
    `${orgName} - Sign In`,
    orgName,
    `<h1>Sign In</h1>${failure}
<form method="post" action="/login/login.htm" data-testid="okta-signin-form">
<input type="hidden" name="fromURI" value="${e(fromURI)}">
<label for="okta-signin-username">Username</label>
<input type="text" id="okta-signin-username" name="username" data-testid="okta-signin-username" autocomplete="username" value="${e(username ?? '')}" autofocus>
<label for="okta-signin-password">Password</label>
<input type="password" id="okta-signin-password" name="password" data-testid="okta-signin-password" autocomplete="current-password">
<input type="submit" id="okta-signin-submit" data-testid="okta-signin-submit" value="Sign In">
</form>`,
  );
}

export function errorPage(orgName: string, error: IdpError): string {
  return layout(
    error.title,
    orgName,
    `<div data-testid="okta-error" data-error-code="${e(error.code)}">
<h1 data-testid="okta-error-title">${e(error.title)}</h1>
<p data-testid="okta-error-message">${e(error.message)}</p>
<p class="code">Error code: <span data-testid="okta-error-code">${e(error.code)}</span></p>
</div>`,
  );
}

/**
 * The HTTP-POST binding: a form the browser submits to the SP on load (a Response to its ACS; for
 * Single Logout a LogoutRequest or LogoutResponse to its SLO URL, named by `field`).
 */
export function autoPostForm(acsUrl: string, samlResponse: string, relayState: string | undefined, field: 'SAMLResponse' | 'SAMLRequest' = 'SAMLResponse'): string {
  const relay = relayState === undefined ? '' : `<input type="hidden" name="RelayState" value="${e(relayState)}">`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${e(acsUrl)}" data-testid="saml-post-form">
<input type="hidden" name="${field}" value="${e(samlResponse)}">${relay}
<noscript><p>JavaScript is off: press Continue to finish signing in.</p><input type="submit" value="Continue"></noscript>
</form></body></html>`;
}

export interface DashboardTile {
  id: string;
  label: string;
  href: string;
}

/** Okta's end-user dashboard: who is signed in, a sign-out link, a tile per app. */
export function dashboardPage({ orgName, login, tiles }: { orgName: string; login: string; tiles: DashboardTile[] }): string {
  const list = tiles.length
    ? `<ul class="tiles">${tiles
        .map((tile) => `<li><a data-testid="app-tile" data-app-label="${e(tile.label)}" data-app-id="${e(tile.id)}" href="${e(tile.href)}">${e(tile.label)}</a></li>`)
        .join('')}</ul>`
    : '<p data-testid="okta-dashboard-empty">You have no apps yet. Ask your administrator to assign one.</p>';
  return layout(
    'My Apps',
    orgName,
    `<div data-testid="okta-dashboard"><h1>My Apps</h1>
<p>Signed in as <span data-testid="okta-dashboard-user">${e(login)}</span> · <a href="/login/signout" data-testid="okta-signout">Sign out</a></p>
${list}</div>`,
  );
}

/** "Okta Simplified": the dashboard POSTs an id_token (its `fields`, which faults may change) to the app's sign-in redirect URI on load. */
export function idTokenPostForm(redirectUri: string, fields: readonly (readonly [string, string])[]): string {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${e(redirectUri)}" data-testid="oidc-post-form">
${inputs}
<noscript><p>JavaScript is off: press Continue to finish signing in.</p><input type="submit" value="Continue"></noscript>
</form></body></html>`;
}
