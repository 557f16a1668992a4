/**
 * `saml.response` mutations: edits of the built, unsigned Response before it is signed, so the SP gets
 * a validly signed document that says something wrong (another audience, an old NotOnOrAfter, no
 * AudienceRestriction, two email attributes). Targets are paths of local names from the root
 * (`Response/Assertion/Conditions/AudienceRestriction/Audience`); values are templates (../values.ts).
 */
import type { Document, Element } from '@xmldom/xmldom';
import { readObject, readString, join, type Fields, type Issues } from '../../tenant/fields.ts';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, childElements, importFragment, insertAfter, parseXml } from '../../saml/dom.ts';
import { DSIG_NS } from '../../saml/xmldsig.ts';
import { evaluateValue } from '../values.ts';
import { NotApplied, notApplied, type ResponseMutation, type SamlFaultContext } from './context.ts';
import { replaceText, targetElement } from './document.ts';
import { ATTRIBUTE_NAME, onlyParams, readAttributeName, readChoice, readTarget, readTemplate, type TargetPath } from './params.ts';

/** Prefixes an inserted fragment may use without declaring them. */
export const FRAGMENT_NAMESPACES = {
  saml2p: SAML_PROTOCOL_NS,
  saml2: SAML_ASSERTION_NS,
  ds: DSIG_NS,
  xs: 'http://www.w3.org/2001/XMLSchema',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

const MAX_FRAGMENT = 64 * 1024;

function render(template: string, original: string | undefined, ctx: SamlFaultContext): string {
  return String(evaluateValue(template, original, ctx.now, 'iso'));
}

/** Sets an attribute; a prefixed name needs its prefix declared at the element. */
function setAttribute(element: Element, name: string, value: string): string | undefined {
  const colon = name.indexOf(':');
  if (colon < 0) {
    element.setAttribute(name, value);
    return undefined;
  }
  const namespace = element.lookupNamespaceURI(name.slice(0, colon));
  if (!namespace) return `the prefix ${name.slice(0, colon)} is not declared at the target`;
  element.setAttributeNS(namespace, name, value);
  return undefined;
}

function notRoot(target: TargetPath | undefined, path: string, issues: Issues, what: string): void {
  if (target && target.steps.length < 2) issues.add(join(path, 'target'), `must name an element below Response: ${what}`);
}

interface AttributeParams {
  target: TargetPath;
  name: string;
  value: string;
}

export const setAttributeMutation: ResponseMutation<AttributeParams> = {
  name: 'set-attribute',
  point: 'saml.response',
  summary: 'Sets (or adds) an attribute on the target element before signing, e.g. Destination, NotOnOrAfter, Version.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'name', 'value']);
    return { target: readTarget(raw, 'target', path, issues)!, name: readAttributeName(raw, 'name', path, issues)!, value: readTemplate(raw, 'value', path, issues)! };
  },
  apply(document, { target, name, value }, ctx) {
    const element = targetElement(document, target);
    if (element instanceof NotApplied) return element;
    const original = element.hasAttribute(name) ? element.getAttribute(name)! : undefined;
    const problem = setAttribute(element, name, render(value, original, ctx));
    return problem ? notApplied(problem) : undefined;
  },
};

export const removeAttributeMutation: ResponseMutation<Omit<AttributeParams, 'value'>> = {
  name: 'remove-attribute',
  point: 'saml.response',
  summary: 'Removes an attribute from the target element before signing, e.g. ID, InResponseTo, Recipient.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'name']);
    return { target: readTarget(raw, 'target', path, issues)!, name: readAttributeName(raw, 'name', path, issues)! };
  },
  apply(document, { target, name }) {
    const element = targetElement(document, target);
    if (element instanceof NotApplied) return element;
    if (!element.hasAttribute(name)) return notApplied(`${target.text} has no attribute ${name}`);
    element.removeAttribute(name);
    return undefined;
  },
};

/**
 * Where `setText` writes in a copy: the copy itself when it holds only text, otherwise every element
 * inside it that holds only text (a copied Attribute gets its AttributeValues changed, not flattened).
 */
function textHolders(element: Element): Element[] {
  const children = childElements(element);
  return children.length === 0 ? [element] : children.flatMap(textHolders);
}

export const setTextMutation: ResponseMutation<{ target: TargetPath; value: string }> = {
  name: 'set-text',
  point: 'saml.response',
  summary: "Replaces the target element's content with text before signing, e.g. the Audience, the Issuer, the NameID.",
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'value']);
    return { target: readTarget(raw, 'target', path, issues)!, value: readTemplate(raw, 'value', path, issues)! };
  },
  apply(document, { target, value }, ctx) {
    const element = targetElement(document, target);
    if (element instanceof NotApplied) return element;
    replaceText(element, render(value, element.textContent ?? '', ctx));
    return undefined;
  },
};

export const removeElementMutation: ResponseMutation<{ target: TargetPath }> = {
  name: 'remove-element',
  point: 'saml.response',
  summary: 'Removes the target element before signing, e.g. the AudienceRestriction, the AuthnStatement, the Assertion.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target']);
    const target = readTarget(raw, 'target', path, issues);
    notRoot(target, path, issues, 'the Response itself cannot be removed');
    return { target: target! };
  },
  apply(document, { target }) {
    const element = targetElement(document, target);
    if (element instanceof NotApplied) return element;
    element.parentNode!.removeChild(element);
    return undefined;
  },
};

interface DuplicateParams {
  target: TargetPath;
  setText: string | undefined;
  setAttributes: Record<string, string>;
}

export const duplicateElementMutation: ResponseMutation<DuplicateParams> = {
  name: 'duplicate-element',
  point: 'saml.response',
  summary: 'Inserts a copy of the target element right after it before signing (two Issuers, two email Attributes), optionally with other text (in its text-only elements) or attributes.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'setText', 'setAttributes']);
    const target = readTarget(raw, 'target', path, issues);
    notRoot(target, path, issues, 'a second Response is the multiple-roots mutation');
    const setText = readTemplate(raw, 'setText', path, issues, false);
    const setAttributes: Record<string, string> = {};
    const attributes = readObject(raw, 'setAttributes', path, issues);
    const at = join(path, 'setAttributes');
    for (const name of Object.keys(attributes)) {
      if (!ATTRIBUTE_NAME.test(name) || /^xmlns(:|$)/.test(name)) issues.add(join(at, name), 'is not an XML attribute name (or is a namespace declaration)');
      const value = readTemplate(attributes, name, at, issues);
      if (value !== undefined) setAttributes[name] = value;
    }
    return { target: target!, setText, setAttributes };
  },
  apply(document, { target, setText, setAttributes }, ctx) {
    const element = targetElement(document, target);
    if (element instanceof NotApplied) return element;
    const copy = element.cloneNode(true) as Element;
    if (setText !== undefined) for (const holder of textHolders(copy)) replaceText(holder, render(setText, holder.textContent ?? '', ctx));
    for (const [name, value] of Object.entries(setAttributes)) {
      const problem = setAttribute(copy, name, render(value, copy.hasAttribute(name) ? copy.getAttribute(name)! : undefined, ctx));
      if (problem) return notApplied(problem);
    }
    insertAfter(copy, element);
    return undefined;
  },
};

export const INSERT_POSITIONS = ['before', 'after', 'first-child', 'last-child'] as const;

interface InsertParams {
  target: TargetPath;
  position: (typeof INSERT_POSITIONS)[number];
  xml: string;
}

/** Checks a fragment when the fault is set: well-formed, no DOCTYPE, only the prefixes FRAGMENT_NAMESPACES gives or it declares. */
function readFragment(raw: Fields, path: string, issues: Issues): string | undefined {
  const xml = readString(raw, 'xml', path, issues, { required: true, maxLength: MAX_FRAGMENT });
  if (!xml) return undefined;
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    issues.add(join(path, 'xml'), 'must not contain a DOCTYPE or entity declaration (use the doctype or xxe mutations)');
    return undefined;
  }
  try {
    const declarations = Object.entries(FRAGMENT_NAMESPACES)
      .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
      .join(' ');
    parseXml(`<fragment ${declarations}>${xml}</fragment>`);
  } catch {
    issues.add(join(path, 'xml'), `must be well-formed XML (elements may use the prefixes ${Object.keys(FRAGMENT_NAMESPACES).join(', ')})`);
  }
  return xml;
}

export const insertXmlMutation: ResponseMutation<InsertParams> = {
  name: 'insert-xml',
  point: 'saml.response',
  summary: 'Inserts an XML fragment before, after, or as the first or last child of the target before signing (e.g. a second SubjectConfirmation).',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'position', 'xml']);
    const target = readTarget(raw, 'target', path, issues);
    const position = readChoice(raw, 'position', path, issues, INSERT_POSITIONS);
    if (position === 'before' || position === 'after') notRoot(target, path, issues, 'nothing can stand beside the root');
    return { target: target!, position: position!, xml: readFragment(raw, path, issues)! };
  },
  apply(document: Document, { target, position, xml }) {
    const element = targetElement(document, target);
    if (element instanceof NotApplied) return element;
    const nodes = importFragment(document, xml, FRAGMENT_NAMESPACES);
    const parent = element.parentNode!;
    for (const node of position === 'after' || position === 'first-child' ? [...nodes].reverse() : nodes) {
      if (position === 'before') parent.insertBefore(node, element);
      else if (position === 'after') insertAfter(node, element);
      else if (position === 'first-child') element.insertBefore(node, element.firstChild);
      else element.appendChild(node);
    }
    return undefined;
  },
};

export const RESPONSE_MUTATIONS = [
  setAttributeMutation,
  removeAttributeMutation,
  setTextMutation,
  removeElementMutation,
  duplicateElementMutation,
  insertXmlMutation,
] as const;
