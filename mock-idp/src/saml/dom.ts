/**
 * Small DOM helpers over @xmldom/xmldom for the signer and the SAML faults: a strict parse, a
 * serialize that keeps what was parsed, and element lookups by local name (SAML elements are named
 * by local name and namespace; prefixes are the document's business).
 */
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';

export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

export class XmlNotWellFormed extends Error {
  override readonly name = 'XmlNotWellFormed';
}

/** Parses well-formed XML; anything xmldom reports above a warning throws XmlNotWellFormed. */
export function parseXml(xml: string): Document {
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new XmlNotWellFormed(message);
      },
    }).parseFromString(xml, 'text/xml');
    if (!document.documentElement) throw new XmlNotWellFormed('no root element');
    return document;
  } catch (error) {
    throw error instanceof XmlNotWellFormed ? error : new XmlNotWellFormed(error instanceof Error ? error.message : String(error));
  }
}

export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

export function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) out.push(child as Element);
  return out;
}

export function firstChildNamed(node: Node, localName: string): Element | undefined {
  return childElements(node).find((child) => child.localName === localName);
}

/** Every element under `node` (not `node` itself) with this local name, in document order. */
export function elementsNamed(node: Node, localName: string): Element[] {
  const found: Element[] = [];
  const walk = (current: Node): void => {
    for (const child of childElements(current)) {
      if (child.localName === localName) found.push(child);
      walk(child);
    }
  };
  walk(node);
  return found;
}

/** Inserts `node` right after `reference` (as its next sibling). */
export function insertAfter(node: Node, reference: Node): void {
  if (reference.nextSibling === node) return;
  reference.parentNode!.insertBefore(node, reference.nextSibling);
}

/** Parses an XML fragment (one or more elements) into `document`, resolving prefixes through `namespaces`. */
export function importFragment(document: Document, xml: string, namespaces: Record<string, string>): Node[] {
  const declarations = Object.entries(namespaces)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(' ');
  const wrapper = parseXml(`<fragment ${declarations}>${xml}</fragment>`).documentElement!;
  const nodes: Node[] = [];
  for (let child = wrapper.firstChild; child; child = child.nextSibling) nodes.push(document.importNode(child, true));
  return nodes;
}
