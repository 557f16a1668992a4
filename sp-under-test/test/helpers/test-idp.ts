// A tiny in-test IdP: a key pair with a self-signed certificate, a SAML Response builder with
// every field overridable, and signing with xml-crypto (Assertion, Response, or both). Used by the
// pipeline and HTTP tests so they do not depend on the mock IdP.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { SignedXml } from 'xml-crypto';

export interface TestIdpKey {
  privateKeyPem: string;
  certificatePem: string;
  /** base64 body of the certificate, as Okta's metadata and console show it. */
  certificateBody: string;
}

export function makeTestIdpKey(commonName = 'test-idp'): TestIdpKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const certificateBody = certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return { privateKeyPem, certificatePem, certificateBody };
}

export interface ResponseFields {
  responseId: string;
  assertionId: string;
  issueInstant: string;
  destination: string | null;
  inResponseTo: string | null;
  responseIssuer: string | null;
  assertionIssuer: string;
  statusCode: string;
  nameId: string;
  nameIdFormat: string;
  email: string | null;
  recipient: string;
  scdInResponseTo: string | null;
  scdNotOnOrAfter: string;
  notBefore: string;
  notOnOrAfter: string;
  audience: string;
}

export function isoPlus(base: Date, ms: number): string {
  return new Date(base.getTime() + ms).toISOString();
}

export function defaultFields(o: { now: Date; idpIssuer: string; acsUrl: string; audience: string; email: string; inResponseTo: string | null }): ResponseFields {
  return {
    responseId: `_r${randomBytes(10).toString('hex')}`,
    assertionId: `_a${randomBytes(10).toString('hex')}`,
    issueInstant: o.now.toISOString(),
    destination: o.acsUrl,
    inResponseTo: o.inResponseTo,
    responseIssuer: o.idpIssuer,
    assertionIssuer: o.idpIssuer,
    statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    nameId: o.email,
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    email: o.email,
    recipient: o.acsUrl,
    scdInResponseTo: o.inResponseTo,
    scdNotOnOrAfter: isoPlus(o.now, 5 * 60_000),
    notBefore: isoPlus(o.now, -5 * 60_000),
    notOnOrAfter: isoPlus(o.now, 5 * 60_000),
    audience: o.audience,
  };
}

const x = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const optAttr = (name: string, v: string | null): string => (v === null ? '' : ` ${name}="${x(v)}"`);

export function buildResponseXml(f: ResponseFields): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${f.responseId}" Version="2.0" IssueInstant="${f.issueInstant}"${optAttr('Destination', f.destination)}${optAttr('InResponseTo', f.inResponseTo)}>` +
    (f.responseIssuer === null ? '' : `<saml:Issuer>${x(f.responseIssuer)}</saml:Issuer>`) +
    `<samlp:Status><samlp:StatusCode Value="${x(f.statusCode)}"/></samlp:Status>` +
    `<saml:Assertion ID="${f.assertionId}" Version="2.0" IssueInstant="${f.issueInstant}">` +
    `<saml:Issuer>${x(f.assertionIssuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${x(f.nameIdFormat)}">${x(f.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${optAttr('InResponseTo', f.scdInResponseTo)} NotOnOrAfter="${f.scdNotOnOrAfter}" Recipient="${x(f.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${f.notBefore}" NotOnOrAfter="${f.notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${x(f.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${f.issueInstant}" SessionIndex="${f.assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (f.email === null
      ? ''
      : `<saml:AttributeStatement><saml:Attribute Name="email" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"><saml:AttributeValue>${x(f.email)}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`) +
    `</saml:Assertion></samlp:Response>`
  );
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

function signElement(xml: string, key: TestIdpKey, localName: 'Assertion' | 'Response'): string {
  const sig = new SignedXml({ privateKey: key.privateKeyPem, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: EXC_C14N });
  const xpath = `//*[local-name(.)='${localName}']`;
  sig.addReference({ xpath, digestAlgorithm: SHA256, transforms: [ENVELOPED, EXC_C14N] });
  sig.computeSignature(xml, { location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

export type SignLayout = 'both' | 'assertion' | 'response' | 'none';

export function signResponseXml(xml: string, key: TestIdpKey, layout: SignLayout = 'both'): string {
  let out = xml;
  if (layout === 'both' || layout === 'assertion') out = signElement(out, key, 'Assertion');
  if (layout === 'both' || layout === 'response') out = signElement(out, key, 'Response');
  return out;
}

export function b64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}
