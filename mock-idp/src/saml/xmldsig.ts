/**
 * The XML Signature pieces the planned signer (sign-with-plan.ts) and the signature faults share: the
 * algorithm identifiers, canonicalization of one element in its document's context, and digests.
 *
 * Canonicalization itself is xml-crypto's (the same code most Node SPs verify with); this file only
 * supplies the context xml-crypto's own signer would (the namespaces in scope at the element), so a
 * digest computed here is the digest a verifier computes for the same element.
 */
import { createHash } from 'node:crypto';
import type { Element, Node } from '@xmldom/xmldom';
import { C14nCanonicalization, C14nCanonicalizationWithComments, ExclusiveCanonicalization, ExclusiveCanonicalizationWithComments } from 'xml-crypto';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export const CANONICALIZATIONS = {
  'exc-c14n': 'http://www.w3.org/2001/10/xml-exc-c14n#',
  'exc-c14n-with-comments': 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'c14n-with-comments': 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
} as const;
export type CanonicalizationName = keyof typeof CANONICALIZATIONS;

/** Reference transforms: the canonicalizations, the enveloped-signature transform, and two unusual ones. */
export const TRANSFORMS = {
  ...CANONICALIZATIONS,
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  xpath: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  xslt: 'http://www.w3.org/TR/1999/REC-xslt-19991116',
} as const;
export type TransformName = keyof typeof TRANSFORMS;

export const DIGESTS = {
  sha1: { uri: 'http://www.w3.org/2000/09/xmldsig#sha1', hash: 'sha1' },
  sha256: { uri: 'http://www.w3.org/2001/04/xmlenc#sha256', hash: 'sha256' },
  sha512: { uri: 'http://www.w3.org/2001/04/xmlenc#sha512', hash: 'sha512' },
} as const;
export type DigestName = keyof typeof DIGESTS;

export const SIGNATURE_METHODS = {
  'rsa-sha1': { uri: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', hash: 'sha1', kind: 'rsa' },
  'rsa-sha256': { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', hash: 'sha256', kind: 'rsa' },
  'rsa-sha512': { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', hash: 'sha512', kind: 'rsa' },
  'hmac-sha1': { uri: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', hash: 'sha1', kind: 'hmac' },
  'hmac-sha256': { uri: 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256', hash: 'sha256', kind: 'hmac' },
} as const;
export type SignatureMethodName = keyof typeof SIGNATURE_METHODS;

interface NamespaceBinding {
  prefix: string;
  namespaceURI: string;
}

/**
 * The namespace declarations in scope at `element` from its ancestors (nearest wins), the context
 * inclusive c14n must render on the element it starts from. Undeclarations (`xmlns=""`) shadow and
 * are dropped.
 */
export function inheritedNamespaces(element: Element): NamespaceBinding[] {
  const seen = new Map<string, string>();
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    const attributes = (node as Element).attributes;
    for (let i = 0; i < attributes.length; i += 1) {
      const attribute = attributes.item(i)!;
      const prefix = attribute.name === 'xmlns' ? '' : attribute.prefix === 'xmlns' ? attribute.localName! : undefined;
      if (prefix !== undefined && !seen.has(prefix)) seen.set(prefix, attribute.value);
    }
  }
  return [...seen].filter(([, uri]) => uri !== '').map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

function canonicalizer(name: CanonicalizationName) {
  switch (name) {
    case 'exc-c14n':
      return new ExclusiveCanonicalization();
    case 'exc-c14n-with-comments':
      return new ExclusiveCanonicalizationWithComments();
    case 'c14n':
      return new C14nCanonicalization();
    case 'c14n-with-comments':
      return new C14nCanonicalizationWithComments();
  }
}

/** The canonical form of `element` as it stands in its document (its ancestors' namespaces included). */
export function canonicalize(element: Element, name: CanonicalizationName): string {
  const output = canonicalizer(name).process(element as unknown as globalThis.Element, {
    ancestorNamespaces: inheritedNamespaces(element),
    defaultNsForPrefix: { ds: DSIG_NS },
  });
  return String(output);
}

export function digestBase64(data: string, digest: DigestName): string {
  return createHash(DIGESTS[digest].hash).update(data, 'utf8').digest('base64');
}

/** Name of a canonicalization from its URI, or undefined for anything else. */
export function canonicalizationNamed(uri: string | null | undefined): CanonicalizationName | undefined {
  return (Object.keys(CANONICALIZATIONS) as CanonicalizationName[]).find((name) => CANONICALIZATIONS[name] === uri);
}

export function digestNamed(uri: string | null | undefined): DigestName | undefined {
  return (Object.keys(DIGESTS) as DigestName[]).find((name) => DIGESTS[name].uri === uri);
}

/**
 * The digest a Reference with these transforms has over `element`, where the Signature holding the
 * Reference is not (or no longer) inside the element: the enveloped-signature and XPath-filter
 * transforms then have nothing to remove, and the octets are the last canonicalization in the list
 * (inclusive c14n when there is none, as the XML Signature processing model says).
 */
export function referenceDigest(element: Element, transforms: readonly TransformName[], digest: DigestName): string {
  const last = [...transforms].reverse().find((name): name is CanonicalizationName => name in CANONICALIZATIONS) ?? 'c14n';
  return digestBase64(canonicalize(element, last), digest);
}

/** Reads a Reference's transforms by name; an unknown one gives undefined. */
export function transformNames(reference: Element): TransformName[] | undefined {
  const names: TransformName[] = [];
  for (const transform of descendants(reference, 'Transform')) {
    const uri = transform.getAttribute('Algorithm');
    const name = (Object.keys(TRANSFORMS) as TransformName[]).find((candidate) => TRANSFORMS[candidate] === uri);
    if (!name) return undefined;
    names.push(name);
  }
  return names;
}

/** Elements under `node` with the XML Signature namespace and this local name, in document order. */
export function descendants(node: Node, localName: string, namespace = DSIG_NS): Element[] {
  const found: Element[] = [];
  const walk = (current: Node): void => {
    for (let child = current.firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      if (element.localName === localName && element.namespaceURI === namespace) found.push(element);
      walk(element);
    }
  };
  walk(node);
  return found;
}
