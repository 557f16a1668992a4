/**
 * node-saml as the independent SP of the fixture's app. The settings every test needs (the app's
 * entity ID, ACS URL and certificate, signed assertions required) live here; each test adds its own
 * strictness, such as whether InResponseTo must match.
 */
import { SAML, type SamlConfig } from '@node-saml/node-saml';
import { SP_ACS_URL, SP_ENTITY_ID } from './fixture.ts';

export function nodeSamlSp(certificatePem: string, options: Omit<SamlConfig, 'issuer' | 'callbackUrl' | 'idpCert'>): SAML {
  return new SAML({
    issuer: SP_ENTITY_ID,
    callbackUrl: SP_ACS_URL,
    audience: SP_ENTITY_ID,
    idpCert: certificatePem,
    wantAssertionsSigned: true,
    ...options,
  });
}
