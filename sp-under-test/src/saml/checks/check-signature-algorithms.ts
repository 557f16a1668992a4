// Rules (before any cryptography): every ds:Signature has exactly one direct-child SignedInfo; the
// canonicalization is exclusive c14n without comments; SignatureMethod is RSA-SHA256/384/512; every
// Reference uses SHA-256/384/512 and only the enveloped-signature and exc-c14n transforms (at most two).
// SHA-1, XSLT/XPath transforms, WithComments and stray SignedInfo elements are refused.
// Code: SSO_SIGNATURE_INVALID.
import type { Document } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr, childElements, descendants, NS } from '../xml.ts';

const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
const DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512',
]);
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const TRANSFORMS = new Set(['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N]);

export function checkSignatureAlgorithms(doc: Document): void {
  const refuse = (why: string): never => {
    throw ssoError('SSO_SIGNATURE_INVALID', `signature not acceptable: ${why}`);
  };
  // SignedInfo anywhere must be a direct child of a Signature, and one per Signature.
  for (const signedInfo of descendants(doc, NS.ds, 'SignedInfo')) {
    const parent = signedInfo.parentNode;
    if (!parent || parent.nodeType !== 1 || (parent as { localName?: string }).localName !== 'Signature') {
      refuse('SignedInfo outside a Signature');
    }
  }
  for (const signature of descendants(doc, NS.ds, 'Signature')) {
    const signedInfos = childElements(signature, NS.ds, 'SignedInfo');
    if (signedInfos.length !== 1) refuse('a Signature must hold exactly one SignedInfo');
    const signedInfo = signedInfos[0]!;
    const c14n = childElements(signedInfo, NS.ds, 'CanonicalizationMethod');
    if (c14n.length !== 1 || attr(c14n[0]!, 'Algorithm') !== EXC_C14N) refuse('canonicalization must be exclusive c14n');
    const method = childElements(signedInfo, NS.ds, 'SignatureMethod');
    if (method.length !== 1 || !SIGNATURE_METHODS.has(attr(method[0]!, 'Algorithm') ?? '')) {
      refuse('signature method must be RSA-SHA256 or stronger');
    }
    const refs = childElements(signedInfo, NS.ds, 'Reference');
    if (refs.length !== 1) refuse('exactly one Reference expected');
    for (const ref of refs) {
      const digest = childElements(ref, NS.ds, 'DigestMethod');
      if (digest.length !== 1 || !DIGEST_METHODS.has(attr(digest[0]!, 'Algorithm') ?? '')) {
        refuse('digest must be SHA-256 or stronger');
      }
      const transformsEl = childElements(ref, NS.ds, 'Transforms');
      const transforms = transformsEl.flatMap((t) => childElements(t, NS.ds, 'Transform'));
      if (transformsEl.length > 1 || transforms.length > 2) refuse('too many transforms');
      for (const t of transforms) if (!TRANSFORMS.has(attr(t, 'Algorithm') ?? '')) refuse('transform not allowed');
    }
  }
}
