/**
 * Every ds:Signature of a Response: where it sits, what it covers, its algorithms, the certificate
 * it carries, and whether it verifies — with the IdP metadata's certificate when one was given,
 * otherwise with the certificate it carries (which proves only that nothing changed after signing).
 * xml-crypto does the cryptography; nothing here trusts a certificate by itself.
 */
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { attr, childElements, descendants, firstChild, NS } from '../../../sp-under-test/src/saml/xml.ts';
import { certificateInfo, type CertificateInfo } from '../certificates.ts';
import type { ResponseRead } from './read-response.ts';

export interface SignatureRead {
  /** What the Signature sits in: the Response, an Assertion, or somewhere SAML puts none. */
  on: 'Response' | 'Assertion' | 'elsewhere';
  /** For people: `Response`, `Assertion id123`, `Extensions`. */
  where: string;
  parentId: string | null;
  referenceUris: string[];
  /** The Reference names the element the Signature sits in (URI="#its ID"). */
  coversParent: boolean;
  signatureAlgorithm: string | null;
  digestAlgorithms: string[];
  canonicalization: string | null;
  transforms: string[];
  certificates: CertificateInfo[];
  /** Which certificate it verifies with, if any. */
  verifiedWith: 'metadata' | 'embedded' | undefined;
  /** Why it does not verify (xml-crypto's words), when it does not. */
  failure: string | undefined;
}

type LoadableNode = Parameters<SignedXml['loadSignature']>[0];

function verifies(xml: string, signature: Element, certificatePem: string): { ok: true } | { ok: false; why: string } {
  try {
    // getCertFromKeyInfo returns null: the key is the one given here, never what the document carries.
    const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
    verifier.loadSignature(signature as unknown as LoadableNode);
    return verifier.checkSignature(xml) ? { ok: true } : { ok: false, why: 'a Reference digest does not match: the signed element was changed after signing' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, why: /signature value .* is incorrect/.test(message) ? 'the SignatureValue does not match SignedInfo for this certificate' : message };
  }
}

function placeOf(signature: Element): Pick<SignatureRead, 'on' | 'where' | 'parentId'> {
  const parent = signature.parentNode as Element | null;
  const id = parent && parent.nodeType === 1 ? attr(parent, 'ID') : null;
  if (parent && parent.namespaceURI === NS.samlp && parent.localName === 'Response' && parent === parent.ownerDocument?.documentElement) {
    return { on: 'Response', where: 'Response', parentId: id };
  }
  if (parent && parent.namespaceURI === NS.saml && parent.localName === 'Assertion') {
    const top = (parent.parentNode as Element | null) === parent.ownerDocument?.documentElement;
    return { on: top ? 'Assertion' : 'elsewhere', where: `Assertion ${id ?? '(no ID)'}${top ? '' : ' (not a child of the Response)'}`, parentId: id };
  }
  return { on: 'elsewhere', where: parent && parent.nodeType === 1 ? parent.localName ?? 'unknown' : 'the document', parentId: id };
}

export function readSignatures(response: ResponseRead, metadataCertificates: CertificateInfo[] | undefined): SignatureRead[] {
  return descendants(response.doc, NS.ds, 'Signature').map((signature): SignatureRead => {
    const place = placeOf(signature);
    const signedInfo = firstChild(signature, NS.ds, 'SignedInfo');
    const references = signedInfo ? childElements(signedInfo, NS.ds, 'Reference') : [];
    const referenceUris = references.map((reference) => attr(reference, 'URI') ?? '');
    const digestAlgorithms = references.flatMap((reference) => childElements(reference, NS.ds, 'DigestMethod').map((method) => attr(method, 'Algorithm') ?? ''));
    const transforms = references.flatMap((reference) =>
      childElements(reference, NS.ds, 'Transforms').flatMap((list) => childElements(list, NS.ds, 'Transform').map((transform) => attr(transform, 'Algorithm') ?? '')),
    );
    const keyInfo = firstChild(signature, NS.ds, 'KeyInfo');
    const certificates = keyInfo ? descendants(keyInfo, NS.ds, 'X509Certificate').map((element) => certificateInfo(element.textContent ?? '')) : [];
    const canonicalization = signedInfo ? firstChild(signedInfo, NS.ds, 'CanonicalizationMethod') : undefined;
    const method = signedInfo ? firstChild(signedInfo, NS.ds, 'SignatureMethod') : undefined;

    let verifiedWith: SignatureRead['verifiedWith'];
    let failure: string | undefined;
    const candidates: { kind: 'metadata' | 'embedded'; pem: string }[] = [
      ...(metadataCertificates ?? []).map((certificate) => ({ kind: 'metadata' as const, pem: certificate.pem })),
      ...certificates.filter((certificate) => certificate.fingerprint).map((certificate) => ({ kind: 'embedded' as const, pem: certificate.pem })),
    ];
    for (const candidate of candidates) {
      const result = verifies(response.xml, signature, candidate.pem);
      if (result.ok) {
        verifiedWith = candidate.kind;
        break;
      }
      // The metadata's verdict is the one that matters; the embedded certificate's only when there is none.
      failure ??= result.why;
    }
    if (candidates.length === 0) failure = 'no certificate to verify it with: none in KeyInfo, and no --idp-metadata given';
    return {
      ...place,
      referenceUris,
      coversParent: place.parentId !== null && referenceUris.length === 1 && referenceUris[0] === `#${place.parentId}`,
      signatureAlgorithm: method ? attr(method, 'Algorithm') : null,
      digestAlgorithms,
      canonicalization: canonicalization ? attr(canonicalization, 'Algorithm') : null,
      transforms,
      certificates,
      verifiedWith,
      failure: verifiedWith ? undefined : failure,
    };
  });
}

const ALGORITHM_NAMES: Record<string, string> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'RSA-SHA384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1': 'DSA-SHA1',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1': 'HMAC-SHA1',
  'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256': 'HMAC-SHA256',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/10/xml-exc-c14n#': 'exclusive c14n',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': 'exclusive c14n with comments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': 'inclusive c14n',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': 'inclusive c14n with comments',
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature': 'enveloped-signature',
  'http://www.w3.org/TR/1999/REC-xpath-19991116': 'XPath',
  'http://www.w3.org/TR/1999/REC-xslt-19991116': 'XSLT',
};

export function algorithmName(uri: string | null): string {
  if (uri === null) return '(none)';
  return ALGORITHM_NAMES[uri] ?? uri;
}

/** Algorithms an SP refuses: what Okta's app settings must not be set to, or what Okta never sends. */
export function weakAlgorithmsOf(signature: SignatureRead): string[] {
  const strongSignatures = new Set(['RSA-SHA256', 'RSA-SHA384', 'RSA-SHA512']);
  const strongDigests = new Set(['SHA-256', 'SHA-384', 'SHA-512']);
  const allowedTransforms = new Set(['enveloped-signature', 'exclusive c14n']);
  const weak: string[] = [];
  const method = algorithmName(signature.signatureAlgorithm);
  if (!strongSignatures.has(method)) weak.push(`signature method ${method}`);
  for (const digest of signature.digestAlgorithms.map(algorithmName)) if (!strongDigests.has(digest)) weak.push(`digest ${digest}`);
  const c14n = algorithmName(signature.canonicalization);
  if (c14n !== 'exclusive c14n') weak.push(`canonicalization ${c14n}`);
  for (const transform of signature.transforms.map(algorithmName)) if (!allowedTransforms.has(transform)) weak.push(`transform ${transform}`);
  return [...new Set(weak)];
}
