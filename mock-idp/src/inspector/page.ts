/**
 * The inspector page, /mock/inspector: a small page that reads the org's inspector API with the
 * org's API token, like a SAML tracer for everything the mock exchanged. The page itself holds no
 * data: the token comes from the URL fragment the CLI prints (`#token=…`, never sent to a server,
 * removed from the address bar at once) or is typed in, and lives in the tab's sessionStorage.
 * Everything shown is set as text, never as HTML: messages carry whatever an SP or an attacker sent.
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml as e } from '../xml.ts';

const STYLE = `
body{margin:0;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1d21;background:#f4f6f9}
header{display:flex;gap:16px;align-items:center;padding:12px 24px;background:#fff;border-bottom:1px solid #d7d8dc}
h1{font-size:18px;margin:0}
main{padding:16px 24px}
details{background:#fff;border:1px solid #d7d8dc;border-radius:4px;margin:0 0 8px}
summary{padding:8px 12px;cursor:pointer;font-family:monospace;font-size:13px}
summary .refused{color:#c00}
summary .fault{color:#8a4b00}
pre{margin:0;padding:8px 12px;border-top:1px solid #eee;font-size:12px;white-space:pre-wrap;word-break:break-all}
#status{color:#6e6e78;font-size:13px}
input{font-family:monospace}
`;

/** Runs in the browser: fetches, lays XML out, renders every value with textContent. */
const SCRIPT = `
const KEY = 'mock-inspector-token';
const fragment = /(?:^#|&)token=([^&]+)/.exec(location.hash);
if (fragment) { sessionStorage.setItem(KEY, decodeURIComponent(fragment[1])); history.replaceState(null, '', location.pathname); }
const list = document.getElementById('messages');
const status = document.getElementById('status');
let last = 0;

function el(tag, text, className) { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; if (className) node.className = className; return node; }

function layOut(node, depth, lines) {
  const pad = '  '.repeat(depth);
  if (node.nodeType === 8) { lines.push(pad + '<!--' + node.nodeValue + '-->'); return; }
  if (node.nodeType === 3 || node.nodeType === 4) { const t = node.nodeValue.trim(); if (t) lines.push(pad + t); return; }
  if (node.nodeType !== 1) return;
  const attrs = Array.from(node.attributes).map((a) => ' ' + a.name + '="' + a.value + '"').join('');
  const kids = Array.from(node.childNodes);
  if (kids.length === 0) lines.push(pad + '<' + node.tagName + attrs + '/>');
  else if (kids.every((k) => k.nodeType === 3)) lines.push(pad + '<' + node.tagName + attrs + '>' + node.textContent + '</' + node.tagName + '>');
  else { lines.push(pad + '<' + node.tagName + attrs + '>'); kids.forEach((k) => layOut(k, depth + 1, lines)); lines.push(pad + '</' + node.tagName + '>'); }
}

function pretty(message) {
  if (!message) return '';
  if ((message.kind === 'saml-response' || message.kind === 'saml-request') && !/<!DOCTYPE/i.test(message.text)) {
    const doc = new DOMParser().parseFromString(message.text, 'application/xml');
    if (!doc.getElementsByTagName('parsererror').length) { const lines = []; Array.from(doc.childNodes).forEach((n) => layOut(n, 0, lines)); return lines.join('\\n'); }
  }
  return message.text;
}

function show(entry) {
  const details = el('details');
  details.dataset.kind = entry.kind;
  details.dataset.direction = entry.direction;
  const summary = el('summary');
  summary.append(el('span', '#' + entry.id + ' ' + entry.at.slice(11, 23) + ' ' + entry.direction + ' ' + entry.summary));
  if (entry.refusal) summary.append(el('span', '  ' + entry.refusal.code + ': ' + entry.refusal.message, 'refused'));
  for (const fault of entry.faults) {
    summary.append(el('span', '  fault ' + (fault.label || fault.id) + ': ' + fault.mutations.map((m) => m.name + (m.notApplied ? ' (not applied: ' + m.notApplied + ')' : '')).join(', '), 'fault'));
  }
  details.append(summary);
  const who = [entry.appId ? 'app ' + entry.appId : '', entry.userId ? 'user ' + entry.userId : ''].filter(Boolean).join(', ');
  const relay = entry.relayState !== undefined ? 'RelayState: ' + entry.relayState + '\\n' : '';
  const body = (who ? who + '\\n' : '') + relay + (who || relay ? '\\n' : '') + pretty(entry.message);
  if (body) details.append(el('pre', body));
  list.prepend(details);
}

async function refresh() {
  const token = sessionStorage.getItem(KEY);
  if (!token) { status.textContent = 'Paste the org API token (the CLI prints a link with it).'; return; }
  try {
    const response = await fetch('/mock/v1/inspector?after=' + last, { headers: { authorization: 'SSWS ' + token }, cache: 'no-store' });
    if (response.status === 401) { sessionStorage.removeItem(KEY); status.textContent = 'That token is not this org\\'s API token.'; return; }
    if (!response.ok) { status.textContent = 'The inspector answered ' + response.status + '.'; return; }
    const page = await response.json();
    page.messages.forEach(show);
    last = page.last;
    status.textContent = 'Up to message #' + last + ', ' + new Date().toLocaleTimeString() + '.';
  } catch (error) {
    status.textContent = 'The mock IdP did not answer: ' + error;
  }
}

document.getElementById('use-token').addEventListener('click', () => {
  const input = document.getElementById('token');
  if (input.value.trim()) sessionStorage.setItem(KEY, input.value.trim());
  input.value = '';
  refresh();
});
document.getElementById('clear').addEventListener('click', async () => {
  const token = sessionStorage.getItem(KEY);
  if (!token) return;
  await fetch('/mock/v1/inspector', { method: 'DELETE', headers: { authorization: 'SSWS ' + token } });
  list.replaceChildren();
});
refresh();
setInterval(() => { if (document.getElementById('live').checked) refresh(); }, 2000);
`;

export function inspectorPage(orgName: string): { html: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(orgName)} - Inspector</title><style nonce="${nonce}">${STYLE}</style></head><body>
<header><h1>Inspector: ${e(orgName)}</h1>
<label><input type="checkbox" id="live" checked> live</label>
<button type="button" id="clear">Clear</button>
<input type="password" id="token" placeholder="API token" autocomplete="off"><button type="button" id="use-token">Use token</button>
<span id="status" data-testid="inspector-status"></span></header>
<main id="messages" data-testid="inspector-messages"></main>
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
  return { html, nonce };
}
