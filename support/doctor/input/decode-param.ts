/**
 * A SAML message as people paste it: the XML itself, base64 (HTTP-POST binding), base64 of raw
 * DEFLATE (HTTP-Redirect binding), any of these URL-encoded, or a whole form body
 * (`SAMLResponse=…&RelayState=…`). Decoding is bounded: no input inflates past MAX_XML_BYTES.
 */
import { inflateRawSync } from 'node:zlib';

/** A SAML message's XML is never near this; a bigger one is not a message Okta sent. */
export const MAX_XML_BYTES = 4 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function percentDecoded(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    // A form body encodes spaces as '+', but base64 has '+' of its own: only %XX is decoded here.
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function startsLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

/** The XML of a SAML message in any of the encodings above, or undefined when it is none of them. */
export function decodeSamlParameter(raw: string): string | undefined {
  const text = percentDecoded(raw.trim());
  if (startsLikeXml(text)) return text.replace(/^\uFEFF/, '');
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_XML_BYTES) return undefined;
  const plain = bytes.toString('utf8');
  if (startsLikeXml(plain)) return plain.replace(/^\uFEFF/, '');
  try {
    const inflated = inflateRawSync(bytes, { maxOutputLength: MAX_XML_BYTES }).toString('utf8');
    return startsLikeXml(inflated) ? inflated : undefined;
  } catch {
    return undefined;
  }
}

/** The local name of the XML's root element (`Response`, `AuthnRequest`), read without parsing. */
export function rootLocalName(xml: string): string | undefined {
  const withoutProlog = xml.replace(/^\uFEFF?\s*(<\?[\s\S]*?\?>\s*)?(<!--[\s\S]*?-->\s*)*/, '');
  // A DOCTYPE comes before the root: skip it to name the root all the same.
  const withoutDoctype = withoutProlog.replace(/^<!DOCTYPE[\s\S]*?(\[[\s\S]*?\]\s*)?>\s*/i, '');
  return /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(withoutDoctype)?.[1];
}

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a string has the shape of a compact JWS/JWT (three base64url parts, the last may be empty). */
export function looksLikeJwt(text: string): boolean {
  return JWS.test(text) && text.startsWith('eyJ');
}
