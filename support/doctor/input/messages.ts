/**
 * The messages the doctor explains, as found in its input: one SAMLResponse or id_token on its own,
 * or every SAML and OIDC message of a HAR file, in the order the browser saw them.
 */

/** Where a message was found, and what the capture says around it. */
export interface MessageContext {
  /** For people: `the file`, `HAR entry 12: POST http://127.0.0.1:3000/saml/acs`. */
  source: string;
  /** When the browser sent or received it (a HAR entry's startedDateTime). */
  at?: Date;
  /** The URL the browser delivered it to: the ACS a SAMLResponse was posted to, the redirect URI. */
  deliveredTo?: string;
  relayState?: string;
}

export type FoundMessage =
  | { kind: 'saml-response'; xml: string; context: MessageContext }
  | { kind: 'saml-request'; xml: string; context: MessageContext }
  | { kind: 'id-token'; token: string; context: MessageContext }
  | { kind: 'oidc-authorization-request'; params: Record<string, string>; endpoint: string; context: MessageContext }
  | { kind: 'oidc-authorization-response'; params: Record<string, string>; context: MessageContext }
  | { kind: 'idp-error-page'; code: string; text: string; context: MessageContext };

export type FoundMessageKind = FoundMessage['kind'];
