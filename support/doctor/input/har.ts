/**
 * The SAML and OIDC messages of a HAR file (a browser's network log, "Save all as HAR"), in the
 * order the browser saw them:
 *
 *   SAMLRequest   in a URL (HTTP-Redirect) or a form post (HTTP-POST)    → saml-request
 *   SAMLResponse  in a form post (the ACS) or a URL                      → saml-response, delivered to that URL
 *   authorize     a URL with response_type and client_id                 → oidc-authorization-request
 *   redirect      code/state/error/id_token in a Location (query or fragment) or a form post → oidc-authorization-response
 *   id_token      in such a redirect or post, or a JSON answer           → id-token
 *   Okta's error page (the mock's data-error-code, or Okta's own words)  → idp-error-page
 *
 * A HAR is untrusted input: every field is read defensively, and a malformed entry is skipped.
 */
import { decodeSamlParameter, looksLikeJwt, rootLocalName } from './decode-param.ts';
import type { FoundMessage, MessageContext } from './messages.ts';

type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Okta's own words on its refusal pages, for HARs captured against a real Okta org. */
const OKTA_PAGE_REFUSALS: { pattern: RegExp; code: string }[] = [
  { pattern: /User is not assigned to (this|the client) application|you are not assigned this app/i, code: 'IDP_USER_NOT_ASSIGNED' },
  { pattern: /The 'redirect_uri' parameter must be a Login redirect URI/i, code: 'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED' },
];

function formOf(request: Json): URLSearchParams | undefined {
  const postData = object(request['postData']);
  if (!postData) return undefined;
  // The body as sent is the unambiguous source; browsers disagree on whether `params` are decoded.
  const text = string(postData['text']);
  const mimeType = string(postData['mimeType']) ?? '';
  if (text !== undefined && (mimeType.includes('x-www-form-urlencoded') || /^[\w.-]+=/.test(text))) return new URLSearchParams(text);
  const params = postData['params'];
  if (!Array.isArray(params)) return undefined;
  const form = new URLSearchParams();
  for (const param of params) {
    const name = string(object(param)?.['name']);
    const value = string(object(param)?.['value']);
    // Only %XX is undone: a '+' may be base64's own, and SAML and token values never hold spaces.
    if (name !== undefined && value !== undefined) form.append(percentDecoded(name), percentDecoded(value));
  }
  return form;
}

function percentDecoded(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function responseText(response: Json): string | undefined {
  const content = object(response['content']);
  const text = string(content?.['text']);
  if (text === undefined) return undefined;
  return content?.['encoding'] === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
}

function locationOf(response: Json): string | undefined {
  const headers = response['headers'];
  if (Array.isArray(headers)) {
    for (const header of headers) {
      if (string(object(header)?.['name'])?.toLowerCase() === 'location') return string(object(header)?.['value']);
    }
  }
  return string(response['redirectURL']) || undefined;
}

function paramsOf(url: URL, inFragment: boolean): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(inFragment ? url.hash.slice(1) : url.search));
}

/** The parameters of an authorization response in a redirect URL, if it carries one. */
function authorizationResponseIn(url: URL): Record<string, string> | undefined {
  for (const inFragment of [true, false]) {
    const params = paramsOf(url, inFragment);
    if ('response_type' in params) return undefined; // an authorization request, not its answer
    if ('code' in params || 'error' in params || 'id_token' in params) {
      if ('code' in params && !('state' in params) && !('iss' in params) && !('error' in params)) continue; // some other "code"
      return params;
    }
  }
  return undefined;
}

class Collector {
  readonly messages: FoundMessage[] = [];
  private readonly seen = new Set<string>();

  add(message: FoundMessage, key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.messages.push(message);
  }

  samlParameter(name: string, value: string, context: MessageContext): void {
    const xml = decodeSamlParameter(value);
    if (!xml) return;
    const root = rootLocalName(xml);
    if (name === 'SAMLResponse' && root === 'Response') this.add({ kind: 'saml-response', xml, context }, `saml:${xml}`);
    if (name === 'SAMLRequest' && root === 'AuthnRequest') this.add({ kind: 'saml-request', xml, context }, `saml:${xml}`);
  }

  idToken(token: string, context: MessageContext): void {
    if (looksLikeJwt(token)) this.add({ kind: 'id-token', token, context }, `jwt:${token}`);
  }

  authorizationResponse(params: Record<string, string>, context: MessageContext): void {
    this.add({ kind: 'oidc-authorization-response', params, context }, `authz-response:${JSON.stringify(params)}`);
    if (params['id_token']) this.idToken(params['id_token'], context);
  }
}

function readEntry(entry: Json, index: number, collector: Collector): void {
  const request = object(entry['request']);
  const response = object(entry['response']) ?? {};
  const method = string(request?.['method']) ?? 'GET';
  const urlText = string(request?.['url']);
  if (!request || !urlText) return;
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return;
  }
  const started = string(entry['startedDateTime']);
  const at = started && !Number.isNaN(Date.parse(started)) ? new Date(started) : undefined;
  const base: MessageContext = { source: `HAR entry ${index + 1}: ${method} ${url.origin}${url.pathname}`, ...(at ? { at } : {}) };
  const delivered: MessageContext = { ...base, deliveredTo: `${url.origin}${url.pathname}` };

  // In the URL: the HTTP-Redirect binding, an authorization request, or a redirect followed here.
  const query = Object.fromEntries(url.searchParams);
  for (const name of ['SAMLRequest', 'SAMLResponse']) {
    if (query[name]) collector.samlParameter(name, query[name], { ...delivered, ...(query['RelayState'] ? { relayState: query['RelayState'] } : {}) });
  }
  if (query['response_type'] && query['client_id']) {
    collector.add({ kind: 'oidc-authorization-request', params: query, endpoint: `${url.origin}${url.pathname}`, context: base }, `authz-request:${urlText}`);
  } else {
    const answered = authorizationResponseIn(url);
    if (answered) collector.authorizationResponse(answered, delivered);
  }

  // In a posted form: the HTTP-POST binding, form_post, an Okta Simplified id_token.
  const form = method === 'POST' ? formOf(request) : undefined;
  if (form) {
    const relayState = form.get('RelayState') ?? undefined;
    for (const name of ['SAMLRequest', 'SAMLResponse']) {
      const value = form.get(name);
      if (value) collector.samlParameter(name, value, { ...delivered, ...(relayState !== undefined ? { relayState } : {}) });
    }
    const fields = Object.fromEntries(form);
    if (fields['id_token'] || fields['code'] || fields['error']) collector.authorizationResponse(fields, delivered);
  }

  // In the answer: a redirect to the redirect URI, a token response, or Okta's refusal page.
  const location = locationOf(response);
  if (location) {
    try {
      const target = new URL(location, url);
      const answered = authorizationResponseIn(target);
      if (answered) collector.authorizationResponse(answered, { ...base, deliveredTo: `${target.origin}${target.pathname}` });
    } catch {
      // not a URL: nothing to read
    }
  }
  const body = responseText(response);
  if (body === undefined || body.length > 8 * 1024 * 1024) return;
  const mimeType = string(object(response['content'])?.['mimeType']) ?? '';
  if (mimeType.includes('json') && body.includes('id_token')) {
    try {
      const json = object(JSON.parse(body));
      const token = string(json?.['id_token']);
      if (token) collector.idToken(token, { ...base, source: `${base.source} (its answer)` });
    } catch {
      // not JSON after all
    }
  }
  if (mimeType.includes('html')) {
    const mock = /data-testid="okta-error" data-error-code="([A-Z_]+)"/.exec(body);
    const message = /data-testid="okta-error-message">([^<]*)</.exec(body)?.[1];
    const okta = OKTA_PAGE_REFUSALS.find(({ pattern }) => pattern.test(body));
    const code = mock?.[1] ?? okta?.code;
    if (code && code !== 'IDP_SIGNED_OUT') {
      collector.add({ kind: 'idp-error-page', code, text: (message ?? code).trim(), context: { ...base, source: `${base.source} (Okta's page)` } }, `page:${index}`);
    }
  }
}

/** The messages of a HAR's `log`; an empty list when it holds none. */
export function readHar(log: unknown): FoundMessage[] {
  const entries = object(log)?.['entries'];
  if (!Array.isArray(entries)) return [];
  const collector = new Collector();
  entries.forEach((entry, index) => {
    const record = object(entry);
    if (record) readEntry(record, index, collector);
  });
  return collector.messages;
}
