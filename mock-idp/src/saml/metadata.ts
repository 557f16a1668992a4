/**
 * The IdP metadata Okta publishes for a SAML app ("Identity Provider metadata" link): entity id, the
 * signing certificate, NameID formats, the SSO URL on both bindings, and, once Single Logout is
 * enabled (or the app participates in it), the SLO URL on both bindings. WantAuthnRequestsSigned is false, Okta's default.
 *
 * The certificate is the key credential that signs (`credentials.signing.kid`), or, for the API's
 * preview during a rotation, the one asked for.
 */
import type { SamlApp, SigningCredentials } from '../tenant/model.ts';
import { NAME_ID_FORMATS } from '../tenant/model.ts';
import { escapeXml } from '../xml.ts';
import { certificateBody } from './signing-credentials.ts';
import { samlIssuer, sloPath, ssoPath } from './urls.ts';

const BINDINGS = ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'];

export function buildIdpMetadata(app: SamlApp, origin: string, key: SigningCredentials = app.signing): string {
  const ssoUrl = escapeXml(origin + ssoPath(app));
  const sloUrl = escapeXml(origin + sloPath(app));
  const formats = [...new Set([app.signOn.subjectNameIdFormat, NAME_ID_FORMATS.unspecified, NAME_ID_FORMATS.emailAddress])];
  const slo = app.signOn.slo.enabled || app.signOn.participateSlo.enabled ? BINDINGS.map((binding) => `<md:SingleLogoutService Binding="${binding}" Location="${sloUrl}"/>`).join('') : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(samlIssuer(app))}">` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
    `<ds:X509Certificate>${certificateBody(key.certificatePem)}</ds:X509Certificate>` +
    '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' +
    slo +
    formats.map((format) => `<md:NameIDFormat>${format}</md:NameIDFormat>`).join('') +
    BINDINGS.map((binding) => `<md:SingleSignOnService Binding="${binding}" Location="${ssoUrl}"/>`).join('') +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}
