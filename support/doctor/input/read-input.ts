/**
 * What the doctor was given, as messages: a SAMLResponse (XML, base64, URL-encoded, a form body),
 * an AuthnRequest, an id_token (or a token response holding one), or a HAR file.
 *
 * Anything else is DOCTOR_INPUT_UNREADABLE (exit status 2): the doctor never guesses.
 */
import { DoctorInputError } from '../codes.ts';
import { decodeSamlParameter, looksLikeJwt, rootLocalName } from './decode-param.ts';
import { readHar } from './har.ts';
import type { FoundMessage, MessageContext } from './messages.ts';

function fromXml(xml: string, context: MessageContext): FoundMessage | undefined {
  const root = rootLocalName(xml);
  if (root === 'Response') return { kind: 'saml-response', xml, context };
  if (root === 'AuthnRequest') return { kind: 'saml-request', xml, context };
  return undefined;
}

function fromJson(text: string, context: MessageContext): FoundMessage[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record['log'] === 'object' && record['log'] !== null) return readHar(record['log']);
  // A token response, as an SP developer copies it from a log.
  if (typeof record['id_token'] === 'string' && looksLikeJwt(record['id_token'])) return [{ kind: 'id-token', token: record['id_token'], context }];
  return undefined;
}

function fromForm(text: string, context: MessageContext): FoundMessage | undefined {
  if (!/(^|&)(SAMLResponse|SAMLRequest|id_token)=/.test(text)) return undefined;
  const form = new URLSearchParams(text);
  const relayState = form.get('RelayState') ?? undefined;
  const withRelay = relayState === undefined ? context : { ...context, relayState };
  const token = form.get('id_token');
  if (token && looksLikeJwt(token)) return { kind: 'id-token', token, context };
  for (const name of ['SAMLResponse', 'SAMLRequest']) {
    const value = form.get(name);
    const xml = value === null ? undefined : decodeSamlParameter(value);
    if (xml) return fromXml(xml, withRelay);
  }
  return undefined;
}

function fromParameter(text: string, context: MessageContext): FoundMessage[] {
  const form = fromForm(text, context);
  if (form) return [form];
  const xml = decodeSamlParameter(text);
  const message = xml === undefined ? undefined : fromXml(xml, context);
  return message ? [message] : [];
}

/** Every message in `text`; throws DOCTOR_INPUT_UNREADABLE when there is none. */
export function readInput(text: string, source: string): FoundMessage[] {
  const trimmed = text.trim();
  const context: MessageContext = { source };
  const found: FoundMessage[] | undefined =
    trimmed.startsWith('{') ? fromJson(trimmed, context)
    : looksLikeJwt(trimmed) ? [{ kind: 'id-token', token: trimmed, context }]
    : fromParameter(trimmed, context);
  if (!found || found.length === 0) {
    throw new DoctorInputError(
      'DOCTOR_INPUT_UNREADABLE',
      trimmed.startsWith('{')
        ? `${source} is JSON but neither a HAR file with SAML or OIDC messages nor a token response with an id_token`
        : `${source} is not a SAMLResponse (XML, base64 or URL-encoded), an AuthnRequest or an id_token`,
    );
  }
  return found;
}
