/**
 * What the SAML mutation tests share: a real built and signed Response in each signing layout, a way
 * to run one mutation on it as the pipeline would, and three independent judges of an attack:
 *
 *   genuineSignatures  xml-crypto (with the app certificate) finds a signature that still verifies over
 *                      an element present in the attacked document: the attack used only genuine material
 *   naiveVerifier      a deliberately naive SP, written here: it accepts when some signature's
 *                      SignatureValue verifies and its references check out in any of the ways vulnerable
 *                      libraries read them, then reads the identity the way a given SP would
 *   nodeSaml           node-saml 5.1 configured strictly (as the reference SP does) must refuse it
 */
import { createHash, createPublicKey, verify as rsaVerify } from 'node:crypto';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SAML } from '@node-saml/node-saml';
import { SignedXml, ExclusiveCanonicalization } from 'xml-crypto';
import { buildSamlResponse } from '../../../src/saml/build-response.ts';
import { createSigningCredentials } from '../../../src/saml/signing-credentials.ts';
import { defaultSigningPlan, signWithPlan, type SigningPlan } from '../../../src/saml/sign-with-plan.ts';
import { serializeXml } from '../../../src/saml/dom.ts';
import { NotApplied, type SamlFaultContext, type SentResponse, type SignedFaultContext } from '../../../src/faults/saml/context.ts';
import { SAML_MUTATIONS } from '../../../src/faults/saml/mutations.ts';
import { catalogueOf } from '../catalogue.ts';
import type { Org } from '../../../src/org.ts';
import type { SamlApp, SigningCredentials, User } from '../../../src/tenant/model.ts';

export const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
export const VICTIM = 'owner@victim.example';
export const USER_EMAIL = 'alice@example.com';
export const SP_ENTITY_ID = 'https://sp.example.test/saml/metadata';
export const ACS = 'https://sp.example.test/saml/acs';
export const ISSUER = 'http://www.okta.com/exk1fault';

export type Layout = 'response' | 'assertion' | 'both';
export const LAYOUTS: readonly Layout[] = ['response', 'assertion', 'both'];

let credentials: Promise<SigningCredentials> | undefined;
/** One app key for the whole test file (key generation is the slow part). */
export function appCredentials(): Promise<SigningCredentials> {
  credentials ??= createSigningCredentials('dev-faults', new Date());
  return credentials;
}

export function builtResponse(options: { email?: string; inResponseTo?: string } = {}): string {
  const now = new Date();
  const email = options.email ?? USER_EMAIL;
  return buildSamlResponse({
    issuer: ISSUER,
    destination: ACS,
    recipient: ACS,
    audience: SP_ENTITY_ID,
    ...(options.inResponseTo ? { inResponseTo: options.inResponseTo } : {}),
    nameId: { format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', value: email },
    sessionIndex: 'session-1',
    attributes: [
      { name: 'email', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: [email] },
      { name: 'firstName', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['Alice'] },
    ],
    now,
    authnInstant: now,
  }).xml;
}

export function layoutPlan(layout: Layout, overrides: Partial<SigningPlan> = {}): SigningPlan {
  const signOn = { responseSigned: layout !== 'assertion', assertionSigned: layout !== 'response', signatureAlgorithm: 'RSA_SHA256', digestAlgorithm: 'SHA256' } as const;
  return { ...defaultSigningPlan({ signOn } as Pick<SamlApp, 'signOn'>), ...overrides };
}

/** A genuinely signed Response in `layout`, with the app key. */
export async function signedResponse(layout: Layout, options: { email?: string; plan?: Partial<SigningPlan> } = {}): Promise<string> {
  const creds = await appCredentials();
  const keys = { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem, appCertificatePem: creds.certificatePem };
  return signWithPlan(builtResponse(options), layoutPlan(layout, options.plan), keys);
}

const catalogue = catalogueOf('SAML', SAML_MUTATIONS);
const definition = catalogue.find;
/** Reads params as the API would; throws listing the problems when they are refused. */
export const readParams = catalogue.readParams;
/** The paths of the problems a mutation's reader records for `params`. */
export const refusedPaths = catalogue.refusedPaths;

export function fakeContext(overrides: Partial<SignedFaultContext> = {}): SignedFaultContext {
  return {
    org: {} as Org,
    app: {} as SamlApp,
    user: {} as User,
    now: new Date(),
    acsUrl: ACS,
    signResponse: async () => {
      throw new Error('signResponse not given to this test');
    },
    previousResponse: () => undefined,
    ...overrides,
  };
}

/** Runs a saml.signed mutation on `xml`; a not-applied outcome throws with its reason. */
export async function attack(name: string, params: Record<string, unknown>, xml: string, ctx: SignedFaultContext = fakeContext()): Promise<SentResponse> {
  const mutation = definition(name);
  if (mutation.point !== 'saml.signed') throw new Error(`${name} is not a saml.signed mutation`);
  const result = await mutation.apply({ xml, relayState: 'relay' }, readParams(name, params), ctx);
  if (result instanceof NotApplied) throw new NotAppliedError(result.reason);
  return result;
}

export class NotAppliedError extends Error {}

/** Runs a saml.signed mutation and returns its not-applied reason (or undefined when it applied). */
export async function attackOutcome(name: string, params: Record<string, unknown>, xml: string, ctx?: SignedFaultContext): Promise<string | undefined> {
  try {
    await attack(name, params, xml, ctx);
    return undefined;
  } catch (error) {
    if (error instanceof NotAppliedError) return error.message;
    throw error;
  }
}

/** Runs a saml.response mutation on the built Response's DOM. */
export function editResponse(name: string, params: Record<string, unknown>, xml: string, ctx: Partial<SamlFaultContext> = {}): { xml: string; notApplied: string | undefined } {
  const mutation = definition(name);
  if (mutation.point !== 'saml.response') throw new Error(`${name} is not a saml.response mutation`);
  const document = parse(xml);
  const result = mutation.apply(document, readParams(name, params), { ...fakeContext(), ...ctx });
  return { xml: serializeXml(document), notApplied: result instanceof NotApplied ? result.reason : undefined };
}

/** A lenient parse (what a careless SP does); a document xmldom cannot build at all gives an empty one. */
export function parse(xml: string): Document {
  try {
    return new DOMParser({ onError: () => {} }).parseFromString(xml, 'text/xml');
  } catch {
    return new DOMParser().parseFromString('<unparsable/>', 'text/xml');
  }
}

function all(node: Document | Element, localName: string, namespace = '*'): Element[] {
  return Array.from(node.getElementsByTagNameNS(namespace, localName)) as Element[];
}

function elementsWithId(document: Document, id: string): Element[] {
  return all(document, '*').filter((element) => element.getAttribute('ID') === id);
}

function contains(outer: Node, inner: Node): boolean {
  for (let node = inner.parentNode; node; node = node.parentNode) if (node === outer) return true;
  return false;
}

const child = (element: Element | undefined, localName: string): Element | undefined =>
  element ? (Array.from(element.childNodes).find((node) => node.nodeType === 1 && (node as Element).localName === localName) as Element | undefined) : undefined;

/** Assertion/Subject/NameID, the way SPs read the subject; for a Response, its first Assertion's. */
function nameIdOf(element: Element | undefined): string | undefined {
  const assertion = element?.localName === 'Response' ? child(element, 'Assertion') : element;
  return child(child(assertion, 'Subject'), 'NameID')?.textContent ?? undefined;
}

export interface GenuineSignature {
  /** The local name of the element the genuine signature verifies over. */
  element: string;
  /** The identity that element claims. */
  nameId: string | undefined;
}

/**
 * (1) The signatures in `xml` that xml-crypto verifies with `certificatePem` over an element present
 * in the document. Each candidate is checked in a document holding just the element and the
 * signature, so a second element with the same ID elsewhere cannot hide it.
 */
export function genuineSignatures(xml: string, certificatePem: string): GenuineSignature[] {
  const document = parse(xml);
  const found: GenuineSignature[] = [];
  for (const signature of all(document, 'Signature', DSIG)) {
    const uri = all(signature, 'Reference', DSIG)[0]?.getAttribute('URI') ?? '';
    if (!uri.startsWith('#')) continue;
    for (const element of elementsWithId(document, uri.slice(1))) {
      const candidate = contains(element, signature)
        ? serializeXml(element)
        : contains(signature, element)
          ? serializeXml(signature)
          : `<wrapper>${serializeXml(element)}${serializeXml(signature)}</wrapper>`;
      const candidateDocument = parse(candidate);
      const signatureValue = all(signature, 'SignatureValue', DSIG)[0]?.textContent;
      const loaded = all(candidateDocument, 'Signature', DSIG).find((s) => all(s, 'SignatureValue', DSIG)[0]?.textContent === signatureValue);
      if (!loaded) continue;
      const verifier = new SignedXml({ publicCert: certificatePem });
      try {
        verifier.loadSignature(loaded as unknown as globalThis.Node);
        if (verifier.checkSignature(candidate)) found.push({ element: element.localName!, nameId: nameIdOf(element) });
      } catch {
        // not this one
      }
    }
  }
  return found;
}

export type Reader = 'root-assertion' | 'root-last-assertion' | 'document-first' | 'first-text';

/** How a naive SP reads the identity after its signature check. */
export function readIdentity(xml: string, reader: Reader): string | undefined {
  const document = parse(xml);
  const root = document.documentElement!;
  const rootAssertions = Array.from(root.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).localName === 'Assertion');
  switch (reader) {
    case 'root-assertion':
      return nameIdOf(rootAssertions[0]);
    case 'root-last-assertion':
      return nameIdOf(rootAssertions.at(-1));
    case 'document-first':
      return nameIdOf(all(document, 'Assertion')[0]);
    case 'first-text': {
      const first = all(document, 'NameID')[0]?.firstChild;
      return first?.nodeType === 3 ? (first as unknown as { data: string }).data : undefined;
    }
  }
}

function exclusiveC14n(element: Element): string {
  return String(new ExclusiveCanonicalization().process(element as unknown as globalThis.Element, {}));
}

/**
 * (2) A deliberately naive verifier. It accepts when, for some ds:Signature anywhere: the
 * SignatureValue verifies over some SignedInfo inside it (RSA, with the app key), and some SignedInfo
 * inside it has references that each match some element carrying that ID, comparing the digest with
 * whichever of the DigestValue's first text, its full text, or the first DigestValue in the document
 * matches. Each of those choices is one a published vulnerable library made.
 */
export function naiveVerifierAccepts(xml: string, certificatePem: string): boolean {
  const document = parse(xml);
  if (!document.documentElement) return false;
  const publicKey = createPublicKey(certificatePem);
  const firstDigestInDocument = all(document, 'DigestValue', DSIG)[0]?.textContent?.trim();
  for (const signature of all(document, 'Signature', DSIG)) {
    const signatureValue = (all(signature, 'SignatureValue', DSIG)[0]?.textContent ?? '').replace(/\s+/g, '');
    const signedInfos = all(signature, 'SignedInfo', DSIG);
    const valueVerifies = signedInfos.some((signedInfo) => {
      try {
        return rsaVerify('sha256', Buffer.from(exclusiveC14n(signedInfo)), publicKey, Buffer.from(signatureValue, 'base64'));
      } catch {
        return false;
      }
    });
    if (!valueVerifies) continue;
    const referencesHold = signedInfos.some((signedInfo) => {
      const references = all(signedInfo, 'Reference', DSIG);
      return (
        references.length > 0 &&
        references.every((reference) => {
          const uri = reference.getAttribute('URI') ?? '';
          const digestValue = all(reference, 'DigestValue', DSIG)[0];
          const claimed = [digestValue?.firstChild?.nodeValue?.trim(), digestValue?.textContent?.trim(), firstDigestInDocument];
          return elementsWithId(document, uri.replace(/^#/, '')).some((element) => {
            const inside = contains(element, signature);
            const parent = signature.parentNode!;
            const next = signature.nextSibling;
            if (inside) parent.removeChild(signature);
            const actual = createHashBase64(exclusiveC14n(element));
            if (inside) parent.insertBefore(signature, next);
            return claimed.includes(actual);
          });
        })
      );
    });
    if (referencesHold) return true;
  }
  return false;
}

function createHashBase64(data: string): string {
  return createHash('sha256').update(data).digest('base64');
}

/** (3) node-saml 5.1, strict as the reference SP configures it; `wants` narrows which signatures it requires. */
export function nodeSaml(certificatePem: string, wants: { response: boolean; assertion: boolean } = { response: true, assertion: true }): SAML {
  return new SAML({
    issuer: SP_ENTITY_ID,
    audience: SP_ENTITY_ID,
    callbackUrl: ACS,
    idpCert: certificatePem,
    idpIssuer: ISSUER,
    wantAssertionsSigned: wants.assertion,
    wantAuthnResponseSigned: wants.response,
    signatureAlgorithm: 'sha256',
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  });
}

/** The identity node-saml accepts, or undefined when it refuses the document. */
export async function nodeSamlIdentity(xml: string, certificatePem: string, wants?: { response: boolean; assertion: boolean }): Promise<string | undefined> {
  try {
    const { profile } = await nodeSaml(certificatePem, wants).validatePostResponseAsync({ SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') });
    return profile?.nameID ?? undefined;
  } catch {
    return undefined;
  }
}

export function wantsFor(layout: Layout): { response: boolean; assertion: boolean } {
  return { response: layout !== 'assertion', assertion: layout !== 'response' };
}

/**
 * (1, for attacks that forge the signed element in place) How many SignedInfo elements in `xml` a
 * SignatureValue beside them verifies with the app key: the genuine signature is still there, reused.
 */
export function genuineSignedInfos(xml: string, certificatePem: string): number {
  const document = parse(xml);
  const publicKey = createPublicKey(certificatePem);
  return all(document, 'SignedInfo', DSIG).filter((signedInfo) => {
    const values = Array.from(signedInfo.parentNode?.childNodes ?? []).filter(
      (node): node is Element => node.nodeType === 1 && (node as Element).localName === 'SignatureValue' && (node as Element).namespaceURI === DSIG,
    );
    return values.some((value) => {
      try {
        return rsaVerify('sha256', Buffer.from(exclusiveC14n(signedInfo)), publicKey, Buffer.from((value.textContent ?? '').replace(/\s+/g, ''), 'base64'));
      } catch {
        return false;
      }
    });
  }).length;
}
