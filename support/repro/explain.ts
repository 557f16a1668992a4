/**
 * The doctor's explanation of what the mock sent during the repro: the messages of the mock's
 * inspector, as the doctor reads messages from a capture (the AuthnRequest, the Response as posted,
 * the authorization request, the id_token as sent, Okta's refusals), checked against what the SP
 * expects (its entity ID and ACS URL, or its client id) and the mock app's metadata.
 */
import type { InspectedMessage } from '../../mock-idp/index.ts';
import { expectationsOf, runDoctor, type DoctorReport, type FoundMessage } from '../doctor/index.ts';
import type { SpValues } from './sp-setup.ts';

function parse(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const strings = (value: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(value ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** The inspector's messages as the doctor's. Decoded id_token entries are skipped: the raw token comes with its answer. */
export function doctorMessagesOf(messages: readonly InspectedMessage[], idpUrl: string): FoundMessage[] {
  const found: FoundMessage[] = [];
  for (const message of messages) {
    const context = { source: `the mock's inspector, message #${message.id}`, at: new Date(message.at) };
    const text = message.message?.text;
    switch (message.kind) {
      case 'saml-authn-request':
        if (text) found.push({ kind: 'saml-request', xml: text, context: message.relayState !== undefined ? { ...context, relayState: message.relayState } : context });
        break;
      case 'saml-response':
        if (text) found.push({ kind: 'saml-response', xml: text, context: { ...context, deliveredTo: message.summary.replace(/^SAML Response to /, ''), ...(message.relayState !== undefined ? { relayState: message.relayState } : {}) } });
        break;
      case 'oidc-authorization-request': {
        const path = /to (\S+) for/.exec(message.summary)?.[1] ?? '/oauth2/v1/authorize';
        found.push({ kind: 'oidc-authorization-request', params: strings(parse(text)), endpoint: new URL(path, idpUrl).href, context });
        break;
      }
      case 'oidc-authorization-response': {
        const params = strings(parse(text));
        found.push({ kind: 'oidc-authorization-response', params, context });
        if (params['id_token']) found.push({ kind: 'id-token', token: params['id_token'], context });
        break;
      }
      case 'oidc-token-response': {
        const token = parse(text)?.['id_token'];
        if (typeof token === 'string') found.push({ kind: 'id-token', token, context });
        break;
      }
      case 'refusal':
        if (message.refusal) found.push({ kind: 'idp-error-page', code: message.refusal.code, text: message.refusal.message, context });
        break;
      default:
        break;
    }
  }
  return found;
}

export interface ExplainInput {
  messages: readonly InspectedMessage[];
  idpUrl: string;
  sp: SpValues;
  /** SAML: the app's metadata URL; OIDC: the discovery URL (its jwks_uri is followed). */
  idpMetadataUrl: string;
  clientId?: string;
}

export async function explain(input: ExplainInput): Promise<DoctorReport> {
  const expectations = await expectationsOf({ idpMetadata: [input.idpMetadataUrl], acsUrls: [] });
  const from = "the SP's SSO settings";
  if (input.sp.protocol === 'saml') {
    expectations.spEntityId = { value: input.sp.values.entityId, from };
    expectations.acsUrls = { value: [input.sp.values.acsUrl], from };
  }
  if (input.clientId) expectations.clientId = { value: input.clientId, from: 'the Client ID the SP was given' };
  return runDoctor(doctorMessagesOf(input.messages, input.idpUrl), { expectations, now: new Date(), skewSeconds: 60 });
}
