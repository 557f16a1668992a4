/**
 * The authorization servers' answers on their way out, through the org's faults (OidcFaultPort): a
 * Koa middleware (`provider.use`) that lets oidc-provider build each answer, then looks at the
 * route it served and hands the message to the port — the token response's JSON, the redirect to
 * the client's redirect URI (query, fragment or form_post), userinfo, discovery, the JWKS.
 *
 * The port records each message for the org's inspector and hands back the very same value when
 * nothing changed it: only a changed answer is written back. When the port is empty nothing is
 * handed over: it only remembers the id_tokens it saw (for `id-token-replay`) and adds keys that
 * faults published earlier to the JWKS.
 */
import type { JWK } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { IssuedIdTokens } from './issued-id-tokens.ts';
import type { JsonObject, OidcFaultEvent, OidcFaultPort, OidcFaultServer, ResponseParameters } from './ports.ts';

/** What one authorization server shares with its answers' faults. */
export interface FaultedServer {
  faultServer: OidcFaultServer;
  issued: IssuedIdTokens;
}

type Context = KoaContextWithOIDC;

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** The `sub` of a compact JWT, read without checking it (it is the server's own token). */
function subjectOf(token: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return isJsonObject(payload) && typeof payload['sub'] === 'string' ? payload['sub'] : undefined;
  } catch {
    return undefined;
  }
}

/** The route oidc-provider served, or undefined for a request it did not route (ctx.oidc is unset then). */
function routeOf(ctx: Context): string | undefined {
  return (ctx as { oidc?: { route?: string } }).oidc?.route;
}

/** Remembers a new id_token and returns the event with the one it replaces. */
function remember(server: FaultedServer, clientId: string | undefined, token: string, userId: string | undefined): OidcFaultEvent {
  const sub = subjectOf(token) ?? userId;
  const previousIdToken = clientId && sub ? server.issued.swap(clientId, sub, token) : undefined;
  return { clientId, userId: sub, previousIdToken };
}

async function tokenAnswer(ctx: Context, server: FaultedServer, faults: OidcFaultPort | undefined): Promise<void> {
  const body: unknown = ctx.body;
  if (!isJsonObject(body)) return;
  const clientId = ctx.oidc.entities.Client?.clientId;
  const event = typeof body['id_token'] === 'string' ? remember(server, clientId, body['id_token'], undefined) : { clientId };
  if (!faults || faults.empty) return;
  const out = await faults.tokenResponse(server.faultServer, event, body);
  if (out !== body) ctx.body = out;
}

/** An authorization response's parameters, where its redirect or form carries them. */
interface Carrier {
  parameters: ResponseParameters;
  sendWith(parameters: ResponseParameters): void;
}

const FORM_INPUT = /<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g;
const FORM_OPENING = /<form method="post" action="[^"]*">/;
const unescapeHtml = (text: string): string =>
  text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Finds the response to the client's redirect URI in this answer, if it is one (a redirect to the
 * sign-in step or an error page is not): the redirect's query or fragment, or form_post's fields.
 */
function carrierOf(ctx: Context, redirectUri: string, responseMode: unknown): Carrier | undefined {
  const location = ctx.response.get('location');
  if (location) {
    const url = new URL(location);
    const target = new URL(redirectUri);
    if (url.origin !== target.origin || url.pathname !== target.pathname) return undefined;
    // A redirect URI never has a fragment, so one on the redirect holds the parameters (fragment mode).
    const inFragment = url.hash.length > 1;
    return {
      parameters: [...new URLSearchParams(inFragment ? url.hash.slice(1) : url.search)],
      sendWith(edited) {
        const encoded = new URLSearchParams(edited).toString();
        if (inFragment) url.hash = encoded;
        else url.search = encoded;
        ctx.redirect(url.href);
      },
    };
  }
  // form_post: oidc-provider's self-submitting form, one hidden input per parameter.
  const body: unknown = ctx.body;
  if (responseMode !== 'form_post' || typeof body !== 'string' || !FORM_OPENING.test(body)) return undefined;
  return {
    parameters: [...body.matchAll(FORM_INPUT)].map((m): [string, string] => [unescapeHtml(m[1]!), unescapeHtml(m[2]!)]),
    sendWith(edited) {
      const inputs = edited.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`).join('\n');
      ctx.body = body.replace(FORM_INPUT, '').replace(FORM_OPENING, (form) => `${form}\n${inputs}`);
    },
  };
}

async function authorizationAnswer(ctx: Context, server: FaultedServer, faults: OidcFaultPort | undefined): Promise<void> {
  const params = (ctx.oidc as { params?: Record<string, unknown> }).params;
  const redirectUri = params?.['redirect_uri'];
  const responseType = params?.['response_type'];
  const carriesIdToken = typeof responseType === 'string' && responseType.split(' ').includes('id_token');
  const faulted = faults !== undefined && !faults.empty;
  // Parsing the answer is needed only to remember an id_token sent on the front channel, or for a fault.
  if (typeof redirectUri !== 'string' || (!carriesIdToken && !faulted)) return;
  let carrier: Carrier | undefined;
  try {
    carrier = carrierOf(ctx, redirectUri, params?.['response_mode']);
  } catch {
    return;
  }
  if (!carrier) return;
  const clientId = ctx.oidc.client?.clientId;
  const userId = ctx.oidc.session?.accountId;
  const idToken = carrier.parameters.find(([name]) => name === 'id_token')?.[1];
  const event = idToken ? remember(server, clientId, idToken, userId) : { clientId, userId };
  if (!faults || !faulted) return;
  const edited = await faults.authorizationResponse(server.faultServer, event, carrier.parameters, `authorization response to ${redirectUri}`);
  if (edited !== carrier.parameters) carrier.sendWith(edited);
}

export function answerFaults(server: FaultedServer, faults: OidcFaultPort | undefined) {
  return async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    await next();
    const faulted = faults !== undefined && !faults.empty;
    switch (routeOf(ctx)) {
      case 'token':
        await tokenAnswer(ctx, server, faults);
        return;
      case 'authorization':
      case 'resume':
        await authorizationAnswer(ctx, server, faults);
        return;
      case 'userinfo': {
        const body: unknown = ctx.body;
        if (!faulted || !isJsonObject(body)) return;
        const userId = typeof body['sub'] === 'string' ? body['sub'] : undefined;
        const out = await faults.userinfo(server.faultServer, { clientId: ctx.oidc.entities.Client?.clientId, userId }, body);
        if (out !== body) ctx.body = out;
        return;
      }
      case 'discovery': {
        const body: unknown = ctx.body;
        if (!faulted || !isJsonObject(body)) return;
        const out = await faults.discovery(server.faultServer, body);
        if (out !== body) ctx.body = out;
        return;
      }
      case 'jwks': {
        const body: unknown = ctx.body;
        if (!isJsonObject(body) || !Array.isArray(body['keys'])) return;
        const extra: readonly JWK[] = server.faultServer.extraPublishedKeys();
        let out: JsonObject = extra.length > 0 ? { ...body, keys: [...(body['keys'] as unknown[]), ...extra] } : body;
        if (faulted) out = await faults.jwks(server.faultServer, out);
        if (out !== body) ctx.body = out;
        return;
      }
    }
  };
}
