/**
 * Domain words in the features as cucumber parameter types: `{actor}` is a person of the scenario,
 * `{entryPoint}` the way they start SSO at the SP. Protocol constants live in vocabulary.ts.
 */
import { defineParameterType } from '@cucumber/cucumber';
import type { SignInEntryPoint } from '../drivers/sp-driver.ts';

/** A person in the scenario; the World turns the name into that scenario's unique values. */
defineParameterType({ name: 'actor', regexp: /Alice|Bob|Carol|Dave/, transformer: (name: string) => name });

/** How a person starts SSO at the SP, in the words the vendor guides use. */
export type EntryPointKind = SignInEntryPoint['kind'];
defineParameterType({
  name: 'entryPoint',
  regexp: /"Continue with SSO" and the portal key|"Login with Okta" and the customer id|the direct portal URL/,
  transformer: (words: string): EntryPointKind =>
    words.startsWith('"Continue') ? 'portal-key' : words.startsWith('"Login') ? 'login-with-okta' : 'direct-url',
});

/** The protocol of a connection, as the features write it. */
export type Protocol = 'saml' | 'oidc';
defineParameterType({
  name: 'protocol',
  regexp: /SAML|OIDC/,
  transformer: (word: string): Protocol => (word === 'SAML' ? 'saml' : 'oidc'),
});
