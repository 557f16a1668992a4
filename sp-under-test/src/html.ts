// Server-rendered HTML. Every dynamic value goes through esc(); attributes are always quoted.
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const CSS = `
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2430;line-height:1.45}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #dde;margin-bottom:1.5rem}
header a{margin-left:1rem}
h1{font-size:1.5rem}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=text],input[type=email],input[type=password],input[type=url],select,textarea{width:100%;padding:.45rem;border:1px solid #aab;border-radius:4px;box-sizing:border-box;font:inherit}
textarea{min-height:7rem;font-family:ui-monospace,monospace;font-size:.8rem}
button{margin-top:1rem;padding:.5rem 1.1rem;border:0;border-radius:4px;background:#2c5bd8;color:#fff;font:inherit;cursor:pointer}
.error{background:#fde8e8;border:1px solid #e39;padding:.7rem;border-radius:4px}
.ok{background:#e6f6ea;border:1px solid #3a5;padding:.7rem;border-radius:4px}
code,.value{font-family:ui-monospace,monospace;background:#f2f3f7;padding:.1rem .3rem;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde;padding:.35rem;text-align:left}
dt{font-weight:600;margin-top:.6rem}
.hint{color:#556;font-size:.9rem}
form.inline{display:inline}form.inline button{margin:0 0 0 1rem;padding:.25rem .7rem}
`;

/**
 * The settings page shows the fields of the chosen protocol. Served as a file because the CSP
 * (default-src 'self') blocks inline scripts; without script every field stays visible and usable.
 */
export const SETTINGS_JS = `
const select = document.getElementById('sso-protocol');
function showProtocolFields() {
  for (const el of document.querySelectorAll('[data-protocol-fields]')) el.hidden = el.dataset.protocolFields !== select.value;
}
if (select) { select.addEventListener('change', showProtocolFields); showProtocolFields(); }
`;

export interface LayoutOptions {
  title: string;
  signedIn?: { email: string; csrfToken: string; isAdmin: boolean } | null;
}

export function layout(o: LayoutOptions, body: string): string {
  const nav = o.signedIn
    ? `<nav><a href="/home">Home</a>${o.signedIn.isAdmin ? '<a href="/settings/sso">SSO settings</a><a href="/settings/members">Members</a>' : ''}
       <form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="${esc(o.signedIn.csrfToken)}"><button type="submit" data-testid="signout-submit">Sign out</button></form></nav>`
    : '<nav><a href="/signin">Sign in</a><a href="/signup">Sign up</a></nav>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)} · Reference SP</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><header><strong>Reference SP</strong>${nav}</header><main>
${body}
</main></body></html>`;
}

export function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${esc(token)}">`;
}
