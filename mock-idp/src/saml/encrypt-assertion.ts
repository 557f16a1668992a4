/**
 * Okta's "Assertion Encryption": the (signed) Assertion replaced by an EncryptedAssertion for the SP's
 * encryption certificate, between the Assertion's signature and the Response's (so the Response
 * signature covers the encrypted form, as Okta signs it).
 *
 * Okta's choices and the XML Encryption identifiers they stand for:
 *
 *   encryptionAlgorithm     AES128_CBC  aes128-cbc     AES256_CBC  aes256-cbc      (xmlenc 1.0)
 *                           AES128_GCM  aes128-gcm     AES256_GCM  aes256-gcm      (xmlenc 1.1)
 *   keyTransportAlgorithm   RSA_OAEP    rsa-oaep-mgf1p (SHA-1 digest and MGF1, what Okta sends)
 *                           RSA_15      rsa-1_5        (PKCS#1 v1.5)
 *
 * Layout, as Okta writes it: EncryptedData (Type Element) holding the content method, a ds:KeyInfo
 * with the EncryptedKey (its method, the SP's certificate, the wrapped key), and the cipher text.
 * CBC cipher text is IV ‖ ciphertext (PKCS#7 padding, which every XML Encryption decrypter accepts);
 * GCM is IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
 *
 * Why our own over node:crypto rather than xml-encryption: it is synchronous, so it slots between the
 * two signatures inside both signers (xml-crypto's in sign-response.ts and the faults' planned signer
 * in sign-with-plan.ts) without making them asynchronous, and it writes Okta's exact layout. The
 * decrypting side stays independent: the tests decrypt with node-saml (xml-encryption) and samlify
 * (@authenio/xml-encryption). Node 20 can still encrypt with RSA PKCS#1 v1.5; only decrypting it is
 * refused by node:crypto since CVE-2023-46809, which is why SPs on Node must use RSA-OAEP.
 */
import { X509Certificate, constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import type { SamlAssertionEncryption } from '../tenant/model.ts';
import { certificatePem } from '../tenant/certificates.ts';
import { newSamlId } from './build-response.ts';
import { SAML_ASSERTION_NS, childElements, importFragment, serializeXml } from './dom.ts';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

export const CONTENT_ALGORITHMS = {
  AES128_CBC: { uri: `${XMLENC}aes128-cbc`, cipher: 'aes-128-cbc', keyBytes: 16, ivBytes: 16 },
  AES256_CBC: { uri: `${XMLENC}aes256-cbc`, cipher: 'aes-256-cbc', keyBytes: 32, ivBytes: 16 },
  AES128_GCM: { uri: 'http://www.w3.org/2009/xmlenc11#aes128-gcm', cipher: 'aes-128-gcm', keyBytes: 16, ivBytes: 12 },
  AES256_GCM: { uri: 'http://www.w3.org/2009/xmlenc11#aes256-gcm', cipher: 'aes-256-gcm', keyBytes: 32, ivBytes: 12 },
} as const;

export const KEY_TRANSPORT = {
  RSA_OAEP: { uri: `${XMLENC}rsa-oaep-mgf1p`, padding: constants.RSA_PKCS1_OAEP_PADDING },
  RSA_15: { uri: `${XMLENC}rsa-1_5`, padding: constants.RSA_PKCS1_PADDING },
} as const;

function encryptContent(plaintext: Buffer, algorithm: (typeof CONTENT_ALGORITHMS)[keyof typeof CONTENT_ALGORITHMS], key: Buffer): Buffer {
  const iv = randomBytes(algorithm.ivBytes);
  if (algorithm.cipher === 'aes-128-gcm' || algorithm.cipher === 'aes-256-gcm') {
    const cipher = createCipheriv(algorithm.cipher, key, iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }
  const cipher = createCipheriv(algorithm.cipher, key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
}

/** The EncryptedAssertion for `assertionXml` (a standalone, namespace-complete Assertion). */
export function encryptedAssertionXml(assertionXml: string, settings: Pick<SamlAssertionEncryption, 'encryptionAlgorithm' | 'keyTransportAlgorithm' | 'x5c'>): string {
  const content = CONTENT_ALGORITHMS[settings.encryptionAlgorithm];
  const transport = KEY_TRANSPORT[settings.keyTransportAlgorithm];
  const [der] = settings.x5c;
  if (!der) throw new Error('assertion encryption needs the SP encryption certificate');
  const certificate = new X509Certificate(certificatePem(der));
  const key = randomBytes(content.keyBytes);
  const wrapped = publicEncrypt({ key: certificate.publicKey, padding: transport.padding, ...(settings.keyTransportAlgorithm === 'RSA_OAEP' ? { oaepHash: 'sha1' } : {}) }, key);
  const cipherText = encryptContent(Buffer.from(assertionXml, 'utf8'), content, key);
  const transportMethod =
    settings.keyTransportAlgorithm === 'RSA_OAEP'
      ? `<xenc:EncryptionMethod Algorithm="${transport.uri}"><ds:DigestMethod Algorithm="${DSIG}sha1"/></xenc:EncryptionMethod>`
      : `<xenc:EncryptionMethod Algorithm="${transport.uri}"/>`;
  return (
    `<saml2:EncryptedAssertion xmlns:saml2="${SAML_ASSERTION_NS}">` +
    `<xenc:EncryptedData xmlns:xenc="${XMLENC}" Id="${newSamlId()}" Type="${XMLENC}Element">` +
    `<xenc:EncryptionMethod Algorithm="${content.uri}"/>` +
    `<ds:KeyInfo xmlns:ds="${DSIG}">` +
    `<xenc:EncryptedKey Id="${newSamlId()}">` +
    transportMethod +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${cipherText.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData></saml2:EncryptedAssertion>'
  );
}

/** Replaces the Response's Assertion (in place) with its EncryptedAssertion; no Assertion, no change. */
export function encryptAssertionIn(document: Document, settings: SamlAssertionEncryption): void {
  const response = document.documentElement!;
  const assertion = childElements(response).find((child): child is Element => child.localName === 'Assertion' && child.namespaceURI === SAML_ASSERTION_NS);
  if (!assertion) return;
  const [encrypted] = importFragment(document, encryptedAssertionXml(serializeXml(assertion), settings), {});
  response.replaceChild(encrypted!, assertion);
}
