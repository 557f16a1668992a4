/**
 * The doctor: every message found in the input, decoded and checked, in capture order. Pure apart
 * from the signature checks' cryptography: the expectations (options and metadata) are read
 * beforehand, and nothing is sent anywhere.
 *
 *   read the input            input/read-input.ts   messages (a HAR gives several, with their times)
 *   for each message, in order:
 *     SAML AuthnRequest       view; remembered: it fixes the ID, ACS URL and entity ID its answer must carry
 *     SAML Response           read → signatures → SAML_CHECKS → view
 *     authorization request   view; remembered: client_id, nonce, state, the issuer its endpoint implies
 *     authorization response  checkAuthorizationResponse → view
 *     id_token                read → ID_TOKEN_CHECKS → view
 *     Okta's error page       checkIdpPage
 */
import type { Cause } from './codes.ts';
import { Findings, type CheckTime } from './findings.ts';
import type { FoundMessage, FoundMessageKind } from './input/messages.ts';
import type { Expectations } from './metadata/expectations.ts';
import { checkAuthorizationResponse, checkIdpPage, ID_TOKEN_CHECKS, type AuthorizationRequestSeen } from './oidc/checks.ts';
import { readIdToken } from './oidc/read-id-token.ts';
import { idTokenView, parametersView } from './oidc/view.ts';
import { SAML_CHECKS } from './saml/checks.ts';
import { readAuthnRequest, readSamlResponse, type AuthnRequestRead } from './saml/read-response.ts';
import { readSignatures } from './saml/signatures.ts';
import { authnRequestView, samlResponseData, samlResponseView } from './saml/view.ts';
import { View } from './view.ts';

export interface DoctorOptions {
  expectations: Expectations;
  /** --at: judge time-bound values at this instant instead of the capture's time or now. */
  at?: Date;
  now: Date;
  skewSeconds: number;
}

export interface MessageReport {
  kind: FoundMessageKind;
  source: string;
  /** Set when this message could not be decoded: why (its cause list is then empty). */
  unreadable?: string;
  view: View;
  /** The decoded fields, for --json. */
  data: unknown;
  causes: Cause[];
  notes: string[];
}

export interface DoctorReport {
  messages: MessageReport[];
  causeCount: number;
  /** 0 nothing wrong found, 1 causes found, 2 nothing could be read. */
  exitStatus: 0 | 1 | 2;
}

const TITLES: Record<FoundMessageKind, string> = {
  'saml-response': 'SAML Response',
  'saml-request': 'SAML AuthnRequest',
  'id-token': 'id_token',
  'oidc-authorization-request': 'OIDC authorization request',
  'oidc-authorization-response': 'OIDC authorization response',
  'idp-error-page': "Okta's error page",
};

function timeFor(message: FoundMessage, options: DoctorOptions): CheckTime {
  if (options.at) return { at: options.at, from: '--at', skewSeconds: options.skewSeconds };
  if (message.context.at) return { at: message.context.at, from: 'when the browser saw it (HAR)', skewSeconds: options.skewSeconds };
  return { at: options.now, from: 'now', skewSeconds: options.skewSeconds };
}

export async function runDoctor(messages: FoundMessage[], options: DoctorOptions): Promise<DoctorReport> {
  const requests: AuthnRequestRead[] = [];
  let authorizationRequest: AuthorizationRequestSeen | undefined;
  const reports: MessageReport[] = [];

  for (const message of messages) {
    const heading = `${TITLES[message.kind]} (${message.context.source})`;
    const found = new Findings();
    const report = (view: View, data: unknown, unreadable?: string): void => {
      reports.push({ kind: message.kind, source: message.context.source, ...(unreadable ? { unreadable } : {}), view, data, causes: found.causes, notes: found.notes });
    };
    const unreadable = (reason: string): void => {
      report(new View(heading).line('unreadable', reason), null, reason);
    };

    switch (message.kind) {
      case 'saml-request': {
        const read = readAuthnRequest(message.xml);
        if (!read.ok) {
          unreadable(read.reason);
          break;
        }
        requests.push(read.request);
        report(authnRequestView(read.request, heading).line('RelayState', message.context.relayState), read.request);
        break;
      }
      case 'saml-response': {
        const read = readSamlResponse(message.xml);
        if (!read.ok) {
          if (read.doctype) {
            found.cause('DOCTOR_SAML_DOCTYPE', 'the document starts with a DOCTYPE (entity declarations, external references)', 'nothing to set in Okta: Okta never sends a DOCTYPE; the Response was altered, and every SP must refuse it unread');
            report(new View(heading).line('DOCTYPE', 'present: not decoded further'), null);
          } else {
            unreadable(read.reason);
          }
          break;
        }
        const signatures = readSignatures(read.response, options.expectations.idpCertificates?.value);
        const input = {
          response: read.response,
          signatures,
          expectations: options.expectations,
          time: timeFor(message, options),
          requests: [...requests],
          deliveredTo: message.context.deliveredTo,
        };
        for (const check of SAML_CHECKS) check(input, found);
        report(samlResponseView(read.response, signatures, heading).line('RelayState', message.context.relayState).line('Posted to', message.context.deliveredTo), samlResponseData(read.response, signatures));
        break;
      }
      case 'oidc-authorization-request':
        authorizationRequest = { params: message.params, endpoint: message.endpoint };
        report(parametersView(message.params, heading).line('endpoint', message.endpoint), { endpoint: message.endpoint, params: message.params });
        break;
      case 'oidc-authorization-response':
        checkAuthorizationResponse(message.params, authorizationRequest, found);
        report(parametersView(message.params, heading).line('to', message.context.deliveredTo), { params: message.params, to: message.context.deliveredTo ?? null });
        break;
      case 'id-token': {
        const read = readIdToken(message.token);
        if (!read.ok) {
          unreadable(read.reason);
          break;
        }
        const input = { idToken: read.idToken, expectations: options.expectations, time: timeFor(message, options), request: authorizationRequest };
        for (const check of ID_TOKEN_CHECKS) await check(input, found);
        report(idTokenView(read.idToken, heading), { header: read.idToken.header, payload: read.idToken.payload });
        break;
      }
      case 'idp-error-page': {
        checkIdpPage(message.code, message.text, found);
        report(new View(heading).line('code', message.code).line('message', message.text), { code: message.code, message: message.text });
        break;
      }
    }
  }
  const causeCount = reports.reduce((sum, item) => sum + item.causes.length, 0);
  const readable = reports.some((item) => item.unreadable === undefined);
  return { messages: reports, causeCount, exitStatus: !readable ? 2 : causeCount > 0 ? 1 : 0 };
}
