/**
 * Signs a SAML Response the way a signing plan says, for the `saml.signing` faults: which of Response
 * and Assertion are signed, with which key, which algorithms and transforms, what the Reference points
 * at, what KeyInfo carries and where the Signature goes.
 *
 * The normal path (no fault) stays on xml-crypto (sign-response.ts). xml-crypto cannot write most of
 * these shapes (an XSLT or XPath transform with its content, HMAC-SHA256, a Reference to another
 * element, a detached Signature), so this signer builds the SignedInfo itself and signs its canonical
 * form with node:crypto; canonicalization is still xml-crypto's (xmldsig.ts). Whatever the plan, the
 * result is a genuinely signed document: each SignatureValue is the real signature (or MAC) of its
 * SignedInfo, and each DigestValue the real digest of what its Reference names, so an SP that refuses
 * it does so for the shape, never for a broken signature.
 */
import { createHmac, sign as rsaSign } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { escapeXml } from '../xml.ts';
import type { SamlApp, SamlAssertionEncryption } from '../tenant/model.ts';
import { encryptAssertionIn } from './encrypt-assertion.ts';
import { SAML_ASSERTION_NS, childElements, firstChildNamed, importFragment, insertAfter, parseXml, serializeXml } from './dom.ts';
import { certificateBody } from './signing-credentials.ts';
import {
  CANONICALIZATIONS,
  DIGESTS,
  DSIG_NS,
  SIGNATURE_METHODS,
  TRANSFORMS,
  canonicalize,
  referenceDigest,
  type CanonicalizationName,
  type DigestName,
  type SignatureMethodName,
  type TransformName,
} from './xmldsig.ts';

export const SIGN_CHOICES = ['sign', 'unsigned'] as const;
export const KEY_INFO_CHOICES = ['signing-cert', 'app-cert', 'none'] as const;
export const HMAC_KEY_CHOICES = ['certificate-pem', 'certificate-der'] as const;
export const REFERENCE_URI_CHOICES = ['id', 'empty', 'other-element'] as const;
export const SIGNATURE_LOCATIONS = ['after-issuer', 'first-child', 'last-child', 'parent-last-child'] as const;

export interface SigningPlan {
  response: (typeof SIGN_CHOICES)[number];
  assertion: (typeof SIGN_CHOICES)[number];
  /** `app` (the app's own key), `attacker` (a key and self-signed certificate the SP never saw), or another SAML app's id. */
  key: string;
  /** What KeyInfo carries: the certificate of the key used, the app's certificate whatever key signed, or nothing. */
  keyInfo: (typeof KEY_INFO_CHOICES)[number];
  signatureAlgorithm: SignatureMethodName;
  /** For HMAC methods: the MAC key is the app certificate's PEM text or its DER bytes (the key-confusion attack). */
  hmacKey: (typeof HMAC_KEY_CHOICES)[number];
  digestAlgorithm: DigestName;
  /** SignedInfo's CanonicalizationMethod. */
  canonicalization: CanonicalizationName;
  /** The Reference's transforms, in order. */
  transforms: TransformName[];
  /** `#ID` of the signed element, `""` (the whole document), or another element (the signed element's Issuer, given an ID). */
  referenceUri: (typeof REFERENCE_URI_CHOICES)[number];
  /** After the signed element's Issuer (the schema's place), its first or last child, or the last child of its parent (detached). */
  signatureLocation: (typeof SIGNATURE_LOCATIONS)[number];
  /** The app's "Assertion Encryption" when on: the Assertion is encrypted between its signature and the Response's. */
  encryption?: SamlAssertionEncryption;
}

/** Key material the plan resolved to. */
export interface PlanKeys {
  privateKeyPem: string;
  certificatePem: string;
  /** The app's certificate: what the SP trusts, KeyInfo `app-cert`, and the HMAC key. */
  appCertificatePem: string;
}

/** The plan that reproduces the app's settings, as sign-response.ts signs them. */
export function defaultSigningPlan(app: { signOn: Pick<SamlApp['signOn'], 'responseSigned' | 'assertionSigned' | 'signatureAlgorithm' | 'digestAlgorithm'> & Partial<Pick<SamlApp['signOn'], 'assertionEncryption'>> }): SigningPlan {
  return {
    response: app.signOn.responseSigned ? 'sign' : 'unsigned',
    assertion: app.signOn.assertionSigned ? 'sign' : 'unsigned',
    key: 'app',
    keyInfo: 'signing-cert',
    signatureAlgorithm: app.signOn.signatureAlgorithm === 'RSA_SHA1' ? 'rsa-sha1' : 'rsa-sha256',
    hmacKey: 'certificate-pem',
    digestAlgorithm: app.signOn.digestAlgorithm === 'SHA1' ? 'sha1' : 'sha256',
    canonicalization: 'exc-c14n',
    transforms: ['enveloped', 'exc-c14n'],
    referenceUri: 'id',
    signatureLocation: 'after-issuer',
    ...(app.signOn.assertionEncryption?.enabled ? { encryption: app.signOn.assertionEncryption } : {}),
  };
}

/**
 * The XPath filter that keeps everything but the enclosing Signature: the XML Signature
 * recommendation's own equivalent of the enveloped-signature transform.
 */
const XPATH_FILTER =
  '<ds:XPath xmlns:dsig="http://www.w3.org/2000/09/xmldsig#">' +
  'count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[1]) &gt; count(ancestor-or-self::dsig:Signature)' +
  '</ds:XPath>';
/** An identity stylesheet: its output is its input, so the digest is the one the other transforms give. */
const XSLT_IDENTITY =
  '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">' +
  '<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>' +
  '</xsl:stylesheet>';

function transformXml(name: TransformName): string {
  const open = `<ds:Transform Algorithm="${TRANSFORMS[name]}"`;
  if (name === 'xpath') return `${open}>${XPATH_FILTER}</ds:Transform>`;
  if (name === 'xslt') return `${open}>${XSLT_IDENTITY}</ds:Transform>`;
  return `${open}/>`;
}

/** The element the Reference points at, and the URI that names it. */
function referenced(document: Document, signed: Element, plan: SigningPlan): { element: Element; uri: string } {
  const id = signed.getAttribute('ID') ?? '';
  switch (plan.referenceUri) {
    case 'id':
      return { element: signed, uri: `#${id}` };
    case 'empty':
      return { element: document.documentElement!, uri: '' };
    case 'other-element': {
      const other = firstChildNamed(signed, 'Issuer') ?? childElements(signed)[0] ?? signed;
      if (other === signed) return { element: signed, uri: `#${id}` };
      const otherId = other.getAttribute('ID') || `${id || 'element'}-issuer`;
      other.setAttribute('ID', otherId);
      return { element: other, uri: `#${otherId}` };
    }
  }
}

function place(signature: Element, signed: Element, location: SigningPlan['signatureLocation']): void {
  const issuer = firstChildNamed(signed, 'Issuer');
  if (location === 'after-issuer' && issuer) insertAfter(signature, issuer);
  else if (location === 'last-child') signed.appendChild(signature);
  else if (location === 'parent-last-child' && signed.parentNode?.nodeType === 1) signed.parentNode.appendChild(signature);
  else if (location === 'parent-last-child') signed.appendChild(signature);
  else signed.insertBefore(signature, signed.firstChild);
}

function signatureValue(canonicalSignedInfo: string, plan: SigningPlan, keys: PlanKeys): string {
  const method = SIGNATURE_METHODS[plan.signatureAlgorithm];
  if (method.kind === 'rsa') return rsaSign(method.hash, Buffer.from(canonicalSignedInfo, 'utf8'), keys.privateKeyPem).toString('base64');
  const macKey = plan.hmacKey === 'certificate-der' ? Buffer.from(certificateBody(keys.appCertificatePem), 'base64') : Buffer.from(keys.appCertificatePem, 'utf8');
  return createHmac(method.hash, macKey).update(canonicalSignedInfo, 'utf8').digest('base64');
}

function signOne(document: Document, signed: Element, plan: SigningPlan, keys: PlanKeys): void {
  const target = referenced(document, signed, plan);
  // Digested before the Signature exists, which is what a verifier's enveloped-signature (or XPath
  // filter) transform reproduces; without either, a Signature inside what it signs cannot verify.
  const digest = referenceDigest(target.element, plan.transforms, plan.digestAlgorithm);
  const certificate = plan.keyInfo === 'app-cert' ? keys.appCertificatePem : keys.certificatePem;
  const signedInfo =
    '<ds:SignedInfo>' +
    `<ds:CanonicalizationMethod Algorithm="${CANONICALIZATIONS[plan.canonicalization]}"/>` +
    `<ds:SignatureMethod Algorithm="${SIGNATURE_METHODS[plan.signatureAlgorithm].uri}"/>` +
    `<ds:Reference URI="${escapeXml(target.uri)}">` +
    `<ds:Transforms>${plan.transforms.map(transformXml).join('')}</ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${DIGESTS[plan.digestAlgorithm].uri}"/>` +
    `<ds:DigestValue>${digest}</ds:DigestValue>` +
    '</ds:Reference></ds:SignedInfo>';
  const keyInfo = plan.keyInfo === 'none' ? '' : `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  const [signature] = importFragment(document, `<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}${keyInfo}</ds:Signature>`, {}) as Element[];
  place(signature!, signed, plan.signatureLocation);
  // SignedInfo is canonicalized where it stands: inclusive c14n takes the namespaces in scope there.
  const value = signatureValue(canonicalize(firstChildNamed(signature!, 'SignedInfo')!, plan.canonicalization), plan, keys);
  const valueElement = document.createElementNS(DSIG_NS, 'ds:SignatureValue');
  valueElement.appendChild(document.createTextNode(value));
  insertAfter(valueElement, firstChildNamed(signature!, 'SignedInfo')!);
}

/** Signs `xml` (an unsigned Response) as the plan says: the Assertion first (then its encryption), so the Response signature covers it. */
export function signWithPlan(xml: string, plan: SigningPlan, keys: PlanKeys): string {
  const document = parseXml(xml);
  const response = document.documentElement!;
  const assertion = childElements(response).find((child) => child.localName === 'Assertion' && child.namespaceURI === SAML_ASSERTION_NS);
  if (plan.assertion === 'sign' && assertion) signOne(document, assertion, plan, keys);
  if (plan.encryption) encryptAssertionIn(document, plan.encryption);
  if (plan.response === 'sign') signOne(document, response, plan, keys);
  return serializeXml(document);
}
