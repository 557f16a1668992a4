/**
 * The IdP metadata Okta publishes for a SAML app ("Identity Provider metadata" link): entity id, the
 * signing certificate, NameID formats, and the SSO URL on both bindings. WantAuthnRequestsSigned is
 * false, Okta's default.
 */
import type { SamlApp } from '../tenant/model.ts';
import { NAME_ID_FORMATS } from '../tenant/model.ts';
import { escapeXml } from '../xml.ts';
import { certificateBody } from './signing-credentials.ts';
import { samlIssuer, ssoPath } from './urls.ts';

export function buildIdpMetadata(app: SamlApp, origin: string): string {
  const ssoUrl = escapeXml(origin + ssoPath(app));
  const formats = [...new Set([app.signOn.subjectNameIdFormat, NAME_ID_FORMATS.unspecified, NAME_ID_FORMATS.emailAddress])];
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(samlIssuer(app))}">` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
    `<ds:X509Certificate>${certificateBody(app.signing.certificatePem)}</ds:X509Certificate>` +
    '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' +
    formats.map((format) => `<md:NameIDFormat>${format}</md:NameIDFormat>`).join('') +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}
