/**
 * The vendor guides' words for SAML settings and the protocol values they stand for. Only this file
 * and the parameter types know protocol constants; features and steps speak the guides' language.
 */

/** Okta's Name ID format choices, by the words of its admin console, and their URNs (as Okta spells them). */
export const NAME_ID_FORMATS = {
  Unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  EmailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  x509SubjectName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName',
  Persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  Transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
} as const;
export type NameIdFormatUrn = (typeof NAME_ID_FORMATS)[keyof typeof NAME_ID_FORMATS];

/** Okta's "Application username" choices and the userNameTemplate each one stands for. */
export const APPLICATION_USERNAMES = {
  'Okta username': '${source.login}',
  Email: '${source.email}',
} as const;

export function nameIdFormatFor(word: string): NameIdFormatUrn {
  const urn = NAME_ID_FORMATS[word as keyof typeof NAME_ID_FORMATS];
  if (!urn) throw new Error(`unknown Name ID format "${word}"; one of ${Object.keys(NAME_ID_FORMATS).join(', ')}`);
  return urn;
}

export function userNameTemplateFor(word: string): string {
  const template = APPLICATION_USERNAMES[word as keyof typeof APPLICATION_USERNAMES];
  if (!template) throw new Error(`unknown Application username "${word}"; one of ${Object.keys(APPLICATION_USERNAMES).join(', ')}`);
  return template;
}
