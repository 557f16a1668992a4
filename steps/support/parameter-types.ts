/**
 * Domain words in the features as cucumber parameter types: `{actor}` is a person of the scenario,
 * `{entryPoint}` the way they start SSO at the SP. Protocol constants live in vocabulary.ts.
 */
import { defineParameterType } from '@cucumber/cucumber';
import type { SignInEntryPoint } from '../drivers/sp-driver.ts';

/** A person in the scenario; the World turns the name into that scenario's unique values. */
defineParameterType({ name: 'actor', regexp: /Alice|Bob|Carol|Dave|Erin|Frank/, transformer: (name: string) => name });

/** How a person starts SSO at the SP, in the words the vendor guides use. */
export type EntryPointKind = Extract<SignInEntryPoint, { portalKey: string }>['kind'];
defineParameterType({
  name: 'entryPoint',
  regexp: /"Continue with SSO" and the portal key|"Login with Okta" and the customer id|the direct portal URL/,
  transformer: (words: string): EntryPointKind =>
    words.startsWith('"Continue') ? 'portal-key' : words.startsWith('"Login') ? 'login-with-okta' : 'direct-url',
});

/** What the Okta admin does to a user from "More actions" in the admin console. */
export type OktaLifecycleWord = 'suspend' | 'unsuspend' | 'deactivate' | 'activate';
defineParameterType({
  name: 'oktaLifecycle',
  regexp: /suspends|unsuspends|deactivates|reactivates/,
  transformer: (word: string): OktaLifecycleWord => (word === 'reactivates' ? 'activate' : (word.slice(0, -1) as OktaLifecycleWord)),
});

/** A member's status and role as the admin's member list shows them, e.g. "an invited member", "an active owner". */
defineParameterType({ name: 'memberStatus', regexp: /invited|active/, transformer: (word: string) => word });
defineParameterType({ name: 'role', regexp: /owner|admin|member/, transformer: (word: string) => word });

/** The protocol of a connection, as the features write it. */
export type Protocol = 'saml' | 'oidc';
defineParameterType({
  name: 'protocol',
  regexp: /SAML|OIDC/,
  transformer: (word: string): Protocol => (word === 'SAML' ? 'saml' : 'oidc'),
});
