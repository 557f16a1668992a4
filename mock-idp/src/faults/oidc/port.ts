/**
 * The org's OidcFaultPort (../../oidc/ports.ts): how the authorization servers and the Okta
 * Simplified tile hand their messages to the org's faults and its inspector. Each message is one run
 * of the fault store: the mutations due at its point apply in order (none when no fault is set), and
 * what was sent is recorded, decoded, in the inspector's log — with the faults taken, and with the
 * OAuth error when the answer is one. Discovery and JWKS answers are recorded only when a fault
 * changed them (every RP fetches them; they say nothing about one sign-in). An id_token passes
 * oidc.id_token before the message that carries it. A message nothing changed is handed back as the
 * very same value, so the servers send it untouched.
 */
import type { JsonObject, OidcFaultEvent, OidcFaultPort, OidcFaultServer, ResponseParameters } from '../../oidc/ports.ts';
import type { Org } from '../../org.ts';
import { canaryOf, canaryTokenOf } from '../canary.ts';
import type { InspectedKind } from '../../inspector/message-log.ts';
import type { FaultEvent } from '../model.ts';
import { applyAt } from './apply.ts';
import type { OidcFaultContext, OidcPoint, OidcPointValue } from './context.ts';
import { decodeJws } from './jws.ts';

/** An id_token as a report shows it: header and payload decoded, the signature as sent. */
export function decodedIdToken(token: string): string {
  const jws = decodeJws(token);
  if (!jws) return token;
  return JSON.stringify({ header: jws.header, payload: jws.payload, signature: jws.encoded.signature }, null, 2);
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

export function oidcFaultPortOf(org: Org): OidcFaultPort {
  function contextOf(server: OidcFaultServer, event: OidcFaultEvent): OidcFaultContext {
    const app = event.clientId ? org.store.findOidcApp(event.clientId) : undefined;
    return {
      now: org.clock(),
      issuer: server.issuer,
      clientId: event.clientId,
      userId: event.userId,
      signingKey: server.signingKey,
      publishedSigningKey: server.publishedSigningKey,
      extraPublishedKeys: server.extraPublishedKeys(),
      publishKey: (jwk) => server.publishKey(jwk),
      clientSecret: app?.credentials.client_secret,
      previousIdToken: event.previousIdToken,
      canaryUrl(purpose, answer, given) {
        if (given === undefined) return canaryOf(org).mint(org.info.baseUrl, purpose, answer);
        const token = canaryTokenOf(org.info.baseUrl, given);
        if (token !== undefined) canaryOf(org).register(token, purpose, answer);
        return given;
      },
    };
  }

  const faultEvent = (event: OidcFaultEvent): FaultEvent => ({ appId: event.clientId, userId: event.userId });

  const INSPECTED: Record<OidcPoint, InspectedKind> = {
    'oidc.id_token': 'oidc-id-token',
    'oidc.authorization_response': 'oidc-authorization-response',
    'oidc.token_response': 'oidc-token-response',
    'oidc.userinfo': 'oidc-userinfo',
    'oidc.discovery': 'oidc-discovery',
    'oidc.jwks': 'oidc-jwks',
  };

  /** The OAuth error an answer carries (an error redirect, a token or userinfo error): a refusal. */
  function oauthError(value: unknown): { code: string; message: string } | undefined {
    const pairs: [string, unknown][] = Array.isArray(value) ? (value as [string, string][]) : typeof value === 'object' && value !== null ? Object.entries(value) : [];
    const error = pairs.find(([name]) => name === 'error')?.[1];
    if (typeof error !== 'string') return undefined;
    const description = pairs.find(([name]) => name === 'error_description')?.[1];
    return { code: error, message: typeof description === 'string' ? description : error };
  }

  /** One message through one point, recorded as `sentTo` (discovery and JWKS only when a fault was taken). */
  async function pass<P extends OidcPoint>(
    point: P,
    server: OidcFaultServer,
    event: OidcFaultEvent,
    value: OidcPointValue[P],
    record: (value: OidcPointValue[P]) => { sentTo: string; kind: 'id-token' | 'json' | 'parameters'; text: string },
  ): Promise<OidcPointValue[P]> {
    try {
      const run = org.faults.begin(faultEvent(event));
      const out = await applyAt(run, point, value, contextOf(server, event));
      if (run.faulted || (point !== 'oidc.discovery' && point !== 'oidc.jwks')) {
        const { sentTo, kind, text } = record(out);
        const error = oauthError(out);
        if (error) org.log(`refused ${error.code} sent in the ${sentTo}: ${error.message}`);
        run.finish(sentTo, { kind, text }, INSPECTED[point], error ? { refusal: error } : {});
      }
      return out;
    } catch (error) {
      // Only a defect in the plumbing gets here (mutations catch their own): send the message as built.
      org.log(`faults: ${point} left unchanged after an error: ${error instanceof Error ? error.message : String(error)}`);
      return value;
    }
  }

  const idToken = (server: OidcFaultServer, event: OidcFaultEvent, token: string, sentTo: string) =>
    pass('oidc.id_token', server, event, token, (out) => ({ sentTo: `id_token in ${sentTo}`, kind: 'id-token', text: decodedIdToken(out) }));

  async function withIdTokenParameter(server: OidcFaultServer, event: OidcFaultEvent, parameters: ResponseParameters, sentTo: string): Promise<ResponseParameters> {
    const index = parameters.findIndex(([name]) => name === 'id_token');
    if (index < 0) return parameters;
    const token = await idToken(server, event, parameters[index]![1], sentTo);
    return token === parameters[index]![1] ? parameters : parameters.map(([name, value], at) => [name, at === index ? token : value]);
  }

  return {
    // Never empty: the inspector records every answer. With no fault set, nothing is changed.
    get empty() {
      return false;
    },
    async authorizationResponse(server, event, parameters, sentTo) {
      const withToken = await withIdTokenParameter(server, event, parameters, sentTo);
      return pass('oidc.authorization_response', server, event, withToken, (out) => ({ sentTo, kind: 'parameters', text: json(Object.fromEntries(out)) }));
    },
    async tokenResponse(server, event, body) {
      let out: JsonObject = body;
      if (typeof body['id_token'] === 'string') {
        const token = await idToken(server, event, body['id_token'], 'the token response');
        if (token !== body['id_token']) out = { ...body, id_token: token };
      }
      return pass('oidc.token_response', server, event, out, (value) => ({ sentTo: 'token response', kind: 'json', text: json(value) }));
    },
    userinfo: (server, event, body) => pass('oidc.userinfo', server, event, body, (value) => ({ sentTo: 'userinfo response', kind: 'json', text: json(value) })),
    discovery: (server, body) => pass('oidc.discovery', server, {}, body, (value) => ({ sentTo: `discovery document of ${server.issuer}`, kind: 'json', text: json(value) })),
    jwks: (server, body) => pass('oidc.jwks', server, {}, body, (value) => ({ sentTo: `JWKS of ${server.issuer}`, kind: 'json', text: json(value) })),
  };
}
