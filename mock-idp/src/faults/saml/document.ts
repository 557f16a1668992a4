/**
 * What the SAML mutations share when they take a Response apart: finding a target path, the
 * signatures and what each one signs, and writing a forged identity into a copied element.
 */
import type { Document, Element, Node } from '@xmldom/xmldom';
import { childElements, elementsNamed, firstChildNamed, insertAfter, parseXml, serializeXml } from '../../saml/dom.ts';
import { DSIG_NS, descendants, digestNamed, referenceDigest, transformNames, type DigestName, type TransformName } from '../../saml/xmldsig.ts';
import { NotApplied, notApplied, type SentResponse } from './context.ts';
import type { TargetPath } from './params.ts';

/** The element a target path names, or undefined when the document has none there. */
export function resolveTarget(document: Document, target: TargetPath): Element | undefined {
  let current: Element | undefined = document.documentElement ?? undefined;
  if (!current || current.localName !== target.steps[0]!.name) return undefined;
  for (const step of target.steps.slice(1)) {
    const matches: Element[] = childElements(current).filter((child: Element) => child.localName === step.name);
    current = matches[step.index - 1];
    if (!current) return undefined;
  }
  return current;
}

/** A Signature and the element it is the enveloped signature of (its parent, when the Reference names the parent). */
export interface SignedPart {
  signature: Element;
  element: Element;
  id: string;
}

export function referenceUri(signature: Element): string | undefined {
  const reference = descendants(signature, 'Reference')[0];
  return reference?.getAttribute('URI') ?? undefined;
}

/**
 * The enveloped signatures of the document, outermost first: each ds:Signature that is a direct child
 * of the element its Reference names by ID. The three signing layouts give [Response], [Assertion]
 * or [Response, Assertion].
 */
export function signedParts(document: Document): SignedPart[] {
  const parts: SignedPart[] = [];
  for (const signature of descendants(document, 'Signature')) {
    const parent = signature.parentNode;
    if (!parent || parent.nodeType !== 1) continue;
    const element = parent as Element;
    const id = element.getAttribute('ID');
    if (id && referenceUri(signature) === `#${id}`) parts.push({ signature, element, id });
  }
  return parts;
}

/** The direct-child signature of `element`, if any. */
export function ownSignature(element: Element): Element | undefined {
  return childElements(element).find((child) => child.localName === 'Signature' && child.namespaceURI === DSIG_NS);
}

/** A deep copy of `element` without its own (direct-child) Signature: what that signature's digest covers. */
export function unsignedCopy(element: Element): Element {
  const copy = element.cloneNode(true) as Element;
  const signature = ownSignature(copy);
  if (signature) copy.removeChild(signature);
  return copy;
}

export function removeOwnSignature(element: Element): void {
  const signature = ownSignature(element);
  if (signature) element.removeChild(signature);
}

const EMAIL_ATTRIBUTE = /^(e-?mail(address)?|mail|urn:oid:0\.9\.2342\.19200300\.100\.1\.3|.*\/claims\/emailaddress)$/i;

/**
 * Makes `element` (an Assertion, or a Response holding one) claim `identity`: every NameID and every
 * value of an email attribute under it. Returns how many values were written.
 */
export function claimIdentity(element: Element, identity: string): number {
  let written = 0;
  const setText = (target: Element): void => {
    while (target.firstChild) target.removeChild(target.firstChild);
    target.appendChild(target.ownerDocument!.createTextNode(identity));
    written += 1;
  };
  const self = element.localName === 'NameID' ? [element] : [];
  for (const nameId of [...self, ...elementsNamed(element, 'NameID')]) setText(nameId);
  for (const attribute of elementsNamed(element, 'Attribute')) {
    if (!EMAIL_ATTRIBUTE.test(attribute.getAttribute('Name') ?? '')) continue;
    for (const value of childElements(attribute).filter((child) => child.localName === 'AttributeValue')) setText(value);
  }
  return written;
}

/** The Response's first Assertion child. */
export function firstAssertion(root: Element): Element | undefined {
  return childElements(root).find((child) => child.localName === 'Assertion');
}

/**
 * The Response's Extensions element, made (after Issuer and Signature, where the schema puts it) when
 * there is none yet.
 */
export function extensionsOf(root: Element): Element {
  const existing = firstChildNamed(root, 'Extensions');
  if (existing) return existing;
  const document = root.ownerDocument!;
  const extensions = document.createElementNS(root.namespaceURI, root.prefix ? `${root.prefix}:Extensions` : 'Extensions');
  const before = childElements(root).filter((child) => child.localName === 'Issuer' || (child.localName === 'Signature' && child.namespaceURI === DSIG_NS)).at(-1);
  if (before) insertAfter(extensions, before);
  else root.insertBefore(extensions, root.firstChild);
  return extensions;
}

/** Where a Signature's own Issuer sibling is, so an inserted copy keeps the schema's order. */
export function afterIssuer(element: Element, node: Node): void {
  const issuer = firstChildNamed(element, 'Issuer');
  if (issuer) insertAfter(node, issuer);
  else element.insertBefore(node, element.firstChild);
}

/**
 * Runs `edit` on the parsed signed document and serializes the result. A document an earlier mutation
 * made unparsable (a DOCTYPE, two roots) cannot be taken apart again: that is a recorded not-applied.
 */
export function rewrite(sent: SentResponse, edit: (document: Document) => NotApplied | void): SentResponse | NotApplied {
  let document: Document;
  try {
    document = parseXml(sent.xml);
  } catch {
    return notApplied('the document is no longer well-formed XML (an earlier mutation made it so), so it cannot be rewritten');
  }
  const outcome = edit(document);
  if (outcome instanceof NotApplied) return outcome;
  return { ...sent, xml: serializeXml(document) };
}

/** The algorithms a signature's (first) Reference uses, to recompute a digest the way its verifier would. */
export function referenceAlgorithms(signature: Element): { transforms: TransformName[]; digest: DigestName } | undefined {
  const reference = descendants(signature, 'Reference')[0];
  if (!reference) return undefined;
  const transforms = transformNames(reference);
  const digest = digestNamed(descendants(reference, 'DigestMethod')[0]?.getAttribute('Algorithm'));
  return transforms && digest ? { transforms, digest } : undefined;
}

/** The digest of `element` as a verifier computes it for `signature` (the signature itself taken out while it is inside). */
export function digestFor(element: Element, signature: Element): string | undefined {
  const algorithms = referenceAlgorithms(signature);
  if (!algorithms) return undefined;
  const inside = isInside(signature, element);
  const parent = signature.parentNode;
  const next = signature.nextSibling;
  if (inside) parent!.removeChild(signature);
  try {
    return referenceDigest(element, algorithms.transforms, algorithms.digest);
  } finally {
    if (inside) parent!.insertBefore(signature, next);
  }
}

export function isInside(node: Node, container: Node): boolean {
  for (let current = node.parentNode; current; current = current.parentNode) if (current === container) return true;
  return false;
}
