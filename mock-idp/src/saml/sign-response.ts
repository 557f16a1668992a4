/**
 * Signs a built SAML Response: the Assertion first (when assertionSigned), then, with "Assertion
 * Encryption" on, replaces it by its EncryptedAssertion (encrypt-assertion.ts), then the Response
 * (when responseSigned), so the Response signature covers the signed (and encrypted) Assertion. Enveloped signatures,
 * exclusive c14n, RSA-SHA256 with a SHA-256 digest by default, each Signature right after its
 * Issuer (where the schema puts it), KeyInfo carrying the app's certificate.
 *
 * Why xml-crypto (with @xmldom/xmldom) rather than hand-written canonical XML: canonicalization is
 * where signature bugs live, and xml-crypto's exclusive c14n is the same code most Node SPs (node-saml,
 * samlify) verify with and is maintained against the published signature-wrapping advisories. The
 * cost is one parse and serialize per signature, which is nothing next to the RSA operation.
 */
import { SignedXml } from 'xml-crypto';
import type { SamlApp } from '../tenant/model.ts';
import { parseXml, serializeXml } from './dom.ts';
import { encryptAssertionIn } from './encrypt-assertion.ts';

export const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export const SIGNATURE_ALGORITHMS = {
  RSA_SHA256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  RSA_SHA1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
} as const;
const DIGEST_ALGORITHMS = {
  SHA256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  SHA1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;

/** XPath of the element to sign; its Issuer child is where the Signature goes. */
const TARGETS = {
  Assertion: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
  Response: "/*[local-name(.)='Response']",
  LogoutRequest: "/*[local-name(.)='LogoutRequest']",
  LogoutResponse: "/*[local-name(.)='LogoutResponse']",
} as const;

export interface SigningOptions {
  privateKeyPem: string;
  certificatePem: string;
  signatureAlgorithm: keyof typeof SIGNATURE_ALGORITHMS;
  digestAlgorithm: keyof typeof DIGEST_ALGORITHMS;
}

export function signElement(xml: string, target: keyof typeof TARGETS, options: SigningOptions): string {
  const signer = new SignedXml({
    privateKey: options.privateKeyPem,
    publicCert: options.certificatePem,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[options.signatureAlgorithm],
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
  });
  signer.addReference({ xpath: TARGETS[target], transforms: [ENVELOPED, EXCLUSIVE_C14N], digestAlgorithm: DIGEST_ALGORITHMS[options.digestAlgorithm] });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${TARGETS[target]}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

/** The app's signing settings; encryption is optional so older callers (tests, faults) keep their shape. */
type SigningApp = Pick<SamlApp, 'signing'> & {
  signOn: Pick<SamlApp['signOn'], 'responseSigned' | 'assertionSigned' | 'signatureAlgorithm' | 'digestAlgorithm'> & Partial<Pick<SamlApp['signOn'], 'assertionEncryption'>>;
};

export function signSamlResponse(xml: string, app: SigningApp): string {
  const options: SigningOptions = {
    privateKeyPem: app.signing.privateKeyPem,
    certificatePem: app.signing.certificatePem,
    signatureAlgorithm: app.signOn.signatureAlgorithm,
    digestAlgorithm: app.signOn.digestAlgorithm,
  };
  let signed = xml;
  if (app.signOn.assertionSigned) signed = signElement(signed, 'Assertion', options);
  const encryption = app.signOn.assertionEncryption;
  if (encryption?.enabled) {
    const document = parseXml(signed);
    encryptAssertionIn(document, encryption);
    signed = serializeXml(document);
  }
  if (app.signOn.responseSigned) signed = signElement(signed, 'Response', options);
  return signed;
}
