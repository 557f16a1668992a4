/**
 * Single Logout on both bindings (SAML 2.0 bindings §3.4 and §3.5), each way:
 *
 * - reading: a SAMLRequest or SAMLResponse from the query (HTTP-Redirect: DEFLATE, the signature in
 *   `SigAlg` + `Signature` over the raw query as sent) or from the form (HTTP-POST: an enveloped
 *   XML signature over the root). Sizes are the SSO endpoint's (maxSamlRequestBytes, …).
 * - verifying: with the SP's certificate from the app (`spCertificate`), never a key the message
 *   carries. HTTP-POST: exactly one Signature, a child of the root, whose one Reference names the
 *   root by ID; the fields are then read from what the signature covered (xml-crypto's signed
 *   references), so a wrapped or second element is never read.
 * - sending: the IdP's own messages signed with the app's key and algorithm: a redirect with the
 *   query signature, or an auto-posting form with the XML signed after its Issuer.
 */
import { X509Certificate, createPublicKey, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { SignedXml } from 'xml-crypto';
import { IdpError } from '../errors.ts';
import type { MockIdpLimits } from '../limits/limits.ts';
import { autoPostForm } from '../pages.ts';
import { certificatePem } from '../tenant/certificates.ts';
import type { SamlApp } from '../tenant/model.ts';
import { DSIG_NS } from './xmldsig.ts';
import { childElements, parseXml } from './dom.ts';
import { malformedLogout } from './logout-messages.ts';
import { decodeSamlRequest } from './parse-authn-request.ts';
import { SIGNATURE_ALGORITHMS, signElement } from './sign-response.ts';

export type LogoutBinding = 'HTTP-Redirect' | 'HTTP-POST';
export type LogoutField = 'SAMLRequest' | 'SAMLResponse';

export interface IncomingLogout {
  binding: LogoutBinding;
  field: LogoutField;
  xml: string;
  relayState: string | undefined;
  /** HTTP-Redirect only: the signed octets and the signature, exactly as the query carried them. */
  querySignature?: { signedOctets: string; sigAlg: string; signature: string };
}

const REDIRECT_SIG_ALGS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
};

export const badSignature = (detail: string): IdpError =>
  new IdpError('IDP_SAML_LOGOUT_SIGNATURE_INVALID', 403, `The SAML logout message is not signed by the app's SP certificate: ${detail}`, 'Logout refused');

function single(source: Record<string, unknown>, name: string): string | undefined {
  const value = source[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformedLogout(`${name} is given more than once`);
  return value;
}

/** The raw (still percent-encoded) value of each query parameter, as the SP signed them. */
function rawQuery(req: Request): Map<string, string> {
  const raw = new Map<string, string>();
  const query = req.originalUrl.split('?')[1] ?? '';
  for (const part of query.split('&')) {
    const index = part.indexOf('=');
    if (index > 0) raw.set(part.slice(0, index), part.slice(index + 1));
  }
  return raw;
}

/** The logout message a request carries, decoded; undefined when it carries none. */
export function readIncomingLogout(req: Request, bounds: MockIdpLimits): IncomingLogout | undefined {
  const post = req.method === 'POST';
  const source = (post ? (req.body ?? {}) : req.query) as Record<string, unknown>;
  const samlRequest = single(source, 'SAMLRequest');
  const samlResponse = single(source, 'SAMLResponse');
  if (samlRequest !== undefined && samlResponse !== undefined) throw malformedLogout('both SAMLRequest and SAMLResponse are given');
  const field: LogoutField | undefined = samlRequest !== undefined ? 'SAMLRequest' : samlResponse !== undefined ? 'SAMLResponse' : undefined;
  if (!field) return undefined;
  const relayState = single(source, 'RelayState');
  const binding: LogoutBinding = post ? 'HTTP-POST' : 'HTTP-Redirect';
  let xml: string;
  try {
    xml = decodeSamlRequest({ binding, samlRequest: (samlRequest ?? samlResponse)!, ...(relayState !== undefined ? { relayState } : {}) }, bounds);
  } catch (error) {
    if (error instanceof IdpError) throw malformedLogout(error.message.replace(/^The SAML request is not valid: /, ''));
    throw error;
  }
  if (post) return { binding, field, xml, relayState };
  const sigAlg = single(source, 'SigAlg');
  const signature = single(source, 'Signature');
  if (sigAlg === undefined || signature === undefined) return { binding, field, xml, relayState };
  // Bindings §3.4.4.1: the octets are the parameters as they appear in the query, in this order.
  const raw = rawQuery(req);
  const signedOctets = [field, ...(relayState !== undefined ? ['RelayState'] : []), 'SigAlg'].map((name) => `${name}=${raw.get(name) ?? ''}`).join('&');
  return { binding, field, xml, relayState, querySignature: { signedOctets, sigAlg, signature } };
}

/**
 * Verifies the SP's signature with the app's SP certificate and returns the XML to read the fields
 * from (the signed octets themselves on HTTP-POST). IDP_SAML_LOGOUT_SIGNATURE_INVALID otherwise.
 */
export function verifySpSignature(incoming: IncomingLogout, app: SamlApp): string {
  const der = app.signOn.spCertificate?.x5c[0];
  if (!der) throw badSignature('the app has no SP certificate');
  const pem = certificatePem(der);
  if (incoming.binding === 'HTTP-Redirect') {
    const signed = incoming.querySignature;
    if (!signed) throw badSignature('the query carries no Signature');
    // Own keys only: a SigAlg such as "constructor" must not find what every object inherits.
    const hash = Object.hasOwn(REDIRECT_SIG_ALGS, signed.sigAlg) ? REDIRECT_SIG_ALGS[signed.sigAlg] : undefined;
    if (!hash) throw badSignature('SigAlg is not an RSA signature method');
    const valid = rsaVerify(hash, Buffer.from(signed.signedOctets, 'utf8'), new X509Certificate(pem).publicKey, Buffer.from(signed.signature, 'base64'));
    if (!valid) throw badSignature('the query signature does not verify');
    return incoming.xml;
  }
  return verifyEnvelopedSignature(incoming.xml, pem);
}

function verifyEnvelopedSignature(xml: string, pem: string): string {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformedLogout('DOCTYPE and entity declarations are not allowed');
  let root;
  try {
    root = parseXml(xml).documentElement!;
  } catch {
    throw malformedLogout('not well-formed XML');
  }
  const signatures = childElements(root).filter((child) => child.localName === 'Signature' && child.namespaceURI === DSIG_NS);
  if (signatures.length !== 1) throw badSignature('the message must carry exactly one Signature on its root');
  const verifier = new SignedXml({ publicCert: createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString(), getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signatures[0]! as unknown as globalThis.Node);
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0]!.uri !== `#${root.getAttribute('ID') ?? ''}`) throw badSignature('the Signature does not name the root element');
    if (!verifier.checkSignature(xml)) throw badSignature('the signature does not verify');
  } catch (error) {
    if (error instanceof IdpError) throw error;
    throw badSignature('the signature does not verify');
  }
  const [signed] = verifier.getSignedReferences();
  if (!signed) throw badSignature('nothing was signed');
  return signed;
}

export interface OutgoingLogout {
  url: string;
  binding: LogoutBinding;
  field: LogoutField;
  xml: string;
  relayState: string | undefined;
}

/** Sends the IdP's logout message to the SP through the browser, signed with the app's key. */
export function deliverLogout(res: Response, app: SamlApp, message: OutgoingLogout): void {
  const algorithm = app.signOn.signatureAlgorithm;
  res.set('Cache-Control', 'no-store');
  if (message.binding === 'HTTP-Redirect') {
    const sigAlg = SIGNATURE_ALGORITHMS[algorithm];
    const query =
      `${message.field}=${encodeURIComponent(deflateRawSync(Buffer.from(message.xml, 'utf8')).toString('base64'))}` +
      (message.relayState !== undefined ? `&RelayState=${encodeURIComponent(message.relayState)}` : '') +
      `&SigAlg=${encodeURIComponent(sigAlg)}`;
    const signature = rsaSign(algorithm === 'RSA_SHA1' ? 'sha1' : 'sha256', Buffer.from(query, 'utf8'), app.signing.privateKeyPem).toString('base64');
    const url = new URL(message.url);
    const separator = url.search ? '&' : '?';
    res.redirect(302, `${message.url}${separator}${query}&Signature=${encodeURIComponent(signature)}`);
    return;
  }
  const root = message.field === 'SAMLRequest' ? 'LogoutRequest' : 'LogoutResponse';
  const signed = signElement(message.xml, root, {
    privateKeyPem: app.signing.privateKeyPem,
    certificatePem: app.signing.certificatePem,
    signatureAlgorithm: algorithm,
    digestAlgorithm: app.signOn.digestAlgorithm,
  });
  res.type('html').send(autoPostForm(message.url, Buffer.from(signed, 'utf8').toString('base64'), message.relayState, message.field));
}
