/**
 * node-saml as the independent SP of the fixture's app. The settings every test needs (the app's
 * entity ID, ACS URL and certificate, signed assertions required) live here; each test adds its own
 * strictness, such as whether InResponseTo must match.
 */
import { SAML, type SamlConfig } from '@node-saml/node-saml';
import { SP_ACS_URL, SP_ENTITY_ID, type Fixture } from './fixture.ts';

type SpOptions = Omit<SamlConfig, 'issuer' | 'callbackUrl' | 'idpCert'>;

/** The Issuer Okta writes for the app whose SSO URL this is (`http://www.okta.com/{app's external key}`). */
export function oktaIssuerOf(ssoUrl: string): string {
  return `http://www.okta.com/${ssoUrl.split('/').at(-3)}`;
}

export function nodeSamlSp(certificatePem: string, options: SpOptions): SAML {
  return new SAML({
    issuer: SP_ENTITY_ID,
    callbackUrl: SP_ACS_URL,
    audience: SP_ENTITY_ID,
    idpCert: certificatePem,
    wantAssertionsSigned: true,
    ...options,
  });
}

/** node-saml signing in through the fixture's app: its SSO URL, Okta's Issuer for it, the Response signed too. */
export function signedResponseSp(fixture: Pick<Fixture, 'certificatePem' | 'ssoUrl'>, options: SpOptions = {}): SAML {
  return nodeSamlSp(fixture.certificatePem, { entryPoint: fixture.ssoUrl, idpIssuer: oktaIssuerOf(fixture.ssoUrl), wantAuthnResponseSigned: true, ...options });
}
