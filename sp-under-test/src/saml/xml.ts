// Strict XML parsing and small DOM helpers (no XPath dependency: explicit child walks only, so a
// check never picks up an element from an unexpected place in the tree).
import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
} as const;

export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

/**
 * Parses XML refusing any DOCTYPE (so no entities, no XXE, no DTD parser differentials), any
 * parser error or warning-level oddity reported as an error, and documents with no root element.
 */
export function parseStrictXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new XmlParseError('DOCTYPE is not allowed');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new XmlParseError(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new XmlParseError(err instanceof Error ? err.message : 'XML parse error');
  }
  if (!doc.documentElement) throw new XmlParseError('no root element');
  // A second root element or text after the root is a parse error in xmldom 0.9; double-check.
  let roots = 0;
  for (let n = doc.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) roots += 1;
  if (roots !== 1) throw new XmlParseError('exactly one root element expected');
  return doc;
}

export function childElements(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) {
      const el = n as Element;
      if (el.namespaceURI === ns && el.localName === localName) out.push(el);
    }
  }
  return out;
}

export function firstChild(parent: Element, ns: string, localName: string): Element | undefined {
  return childElements(parent, ns, localName)[0];
}

export function descendants(root: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName));
}

/** Full text of an element: every text node, comments skipped (never truncated at a comment). */
export function textOf(el: Element): string {
  return (el.textContent ?? '').trim();
}

export function attr(el: Element, name: string): string | null {
  return el.hasAttribute(name) ? el.getAttribute(name) : null;
}
