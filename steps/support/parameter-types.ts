/**
 * Domain words in the features, turned into protocol values here and only here: the features say
 * "EmailAddress" and "Email", the steps receive the URN and Okta's username template.
 */
import { defineParameterType } from '@cucumber/cucumber';
import type { SignInEntryPoint } from '../drivers/sp-driver.ts';

export const NAME_ID_FORMATS = {
  Unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  EmailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  x509SubjectName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
  Persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  Transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
} as const;

/** Okta's "Application username" choices and the userNameTemplate each one stands for. */
export const APPLICATION_USERNAMES = {
  'Okta username': '${source.login}',
  Email: '${source.email}',
} as const;

/** A person in the scenario; the World turns the name into that scenario's unique values. */
defineParameterType({ name: 'actor', regexp: /Alice|Bob|Carol|Dave/, transformer: (name: string) => name });

defineParameterType({
  name: 'nameIdFormat',
  regexp: new RegExp(Object.keys(NAME_ID_FORMATS).join('|')),
  transformer: (word: string) => NAME_ID_FORMATS[word as keyof typeof NAME_ID_FORMATS],
});

/** How a person starts SSO at the SP, in the words the vendor guides use. */
export type EntryPointKind = SignInEntryPoint['kind'];
defineParameterType({
  name: 'entryPoint',
  regexp: /"Continue with SSO" and the portal key|the direct portal URL/,
  transformer: (words: string): EntryPointKind => (words.startsWith('"Continue') ? 'portal-key' : 'direct-url'),
});

export function nameIdFormatFor(word: string): string {
  const urn = NAME_ID_FORMATS[word as keyof typeof NAME_ID_FORMATS];
  if (!urn) throw new Error(`unknown Name ID format "${word}"; one of ${Object.keys(NAME_ID_FORMATS).join(', ')}`);
  return urn;
}

export function userNameTemplateFor(word: string): string {
  const template = APPLICATION_USERNAMES[word as keyof typeof APPLICATION_USERNAMES];
  if (!template) throw new Error(`unknown Application username "${word}"; one of ${Object.keys(APPLICATION_USERNAMES).join(', ')}`);
  return template;
}
