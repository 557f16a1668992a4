/**
 * What the SP and the IdP are configured with, as far as the doctor was told: from the options
 * (--sp-entity-id, --acs-url, --client-id, --nonce), from metadata files or URLs, and from the
 * capture itself (a HAR's AuthnRequest names the SP's entity ID and ACS URL). Each value keeps where
 * it came from, so a cause can say "the SP expects Y (its metadata)".
 */
import type { JWK } from 'jose';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { DoctorInputError } from '../codes.ts';
import { certificateInfo, type CertificateInfo } from '../certificates.ts';
import { fetchDocument, loadDocument, mayFetch, type LoadedDocument } from './load.ts';

export interface Sourced<T> {
  value: T;
  /** Where it came from, for people: `--sp-entity-id`, `the SP metadata sp.xml`. */
  from: string;
}

export interface Expectations {
  spEntityId?: Sourced<string>;
  acsUrls?: Sourced<string[]>;
  /** NameIDFormat the SP metadata lists (it accepts any of them). */
  nameIdFormats?: Sourced<string[]>;
  idpEntityId?: Sourced<string>;
  idpCertificates?: Sourced<CertificateInfo[]>;
  oidcIssuer?: Sourced<string>;
  jwks?: Sourced<JWK[]>;
  clientId?: Sourced<string>;
  nonce?: Sourced<string>;
  requestId?: Sourced<string>;
}

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

function parseXmlStrict(document: LoadedDocument, what: string) {
  if (/<!DOCTYPE/i.test(document.text)) throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${document.source} has a DOCTYPE: refused`);
  try {
    const parsed = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(document.text, 'text/xml');
    if (!parsed.documentElement) throw new Error('no root element');
    return parsed;
  } catch (error) {
    throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${document.source} is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function entityDescriptorWith(document: LoadedDocument, role: 'SPSSODescriptor' | 'IDPSSODescriptor', what: string): { entity: Element; descriptor: Element } {
  const parsed = parseXmlStrict(document, what);
  for (const entity of Array.from(parsed.getElementsByTagNameNS(MD, 'EntityDescriptor'))) {
    const descriptor = Array.from(entity.getElementsByTagNameNS(MD, role))[0];
    if (descriptor) return { entity, descriptor };
  }
  throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${document.source} has no EntityDescriptor with an ${role}`);
}

export async function readSpMetadata(argument: string): Promise<Pick<Expectations, 'spEntityId' | 'acsUrls' | 'nameIdFormats'>> {
  const document = await loadDocument(argument, '--sp-metadata');
  const { entity, descriptor } = entityDescriptorWith(document, 'SPSSODescriptor', '--sp-metadata');
  const from = `the SP metadata ${document.source}`;
  const acs = Array.from(descriptor.getElementsByTagNameNS(MD, 'AssertionConsumerService'))
    .filter((element) => (element.getAttribute('Binding') ?? POST_BINDING) === POST_BINDING)
    .map((element) => element.getAttribute('Location') ?? '')
    .filter(Boolean);
  const formats = Array.from(descriptor.getElementsByTagNameNS(MD, 'NameIDFormat'))
    .map((element) => (element.textContent ?? '').trim())
    .filter(Boolean);
  const entityId = entity.getAttribute('entityID');
  return {
    ...(entityId ? { spEntityId: { value: entityId, from } } : {}),
    ...(acs.length ? { acsUrls: { value: acs, from } } : {}),
    ...(formats.length ? { nameIdFormats: { value: formats, from } } : {}),
  };
}

function readSamlIdpMetadata(document: LoadedDocument): Partial<Expectations> {
  const { entity, descriptor } = entityDescriptorWith(document, 'IDPSSODescriptor', '--idp-metadata');
  const from = `the IdP metadata ${document.source}`;
  const certificates = Array.from(descriptor.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(DS, 'X509Certificate')))
    .map((element) => certificateInfo(element.textContent ?? ''));
  const entityId = entity.getAttribute('entityID');
  return {
    ...(entityId ? { idpEntityId: { value: entityId, from } } : {}),
    ...(certificates.length ? { idpCertificates: { value: certificates, from } } : {}),
  };
}

async function readOidcMetadata(document: LoadedDocument, json: Record<string, unknown>): Promise<Partial<Expectations>> {
  if (Array.isArray(json['keys'])) {
    return { jwks: { value: json['keys'].filter((key): key is JWK => typeof key === 'object' && key !== null), from: `the JWKS ${document.source}` } };
  }
  if (typeof json['issuer'] !== 'string') {
    throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `--idp-metadata ${document.source} is JSON but neither a discovery document (issuer) nor a JWKS (keys)`);
  }
  const out: Partial<Expectations> = { oidcIssuer: { value: json['issuer'], from: `the discovery document ${document.source}` } };
  // A discovery document fetched from a URL leads to its key set the same way; one read from a file does not.
  const jwksUri = typeof json['jwks_uri'] === 'string' ? json['jwks_uri'] : undefined;
  if (document.url && jwksUri) {
    let url: URL | undefined;
    try {
      url = new URL(jwksUri);
    } catch {
      url = undefined;
    }
    if (url && mayFetch(url)) {
      const keySet = await fetchDocument(url, 'jwks_uri of --idp-metadata');
      Object.assign(out, await readOidcMetadata(keySet, parseJson(keySet, 'jwks_uri of --idp-metadata')));
    }
  }
  return out;
}

function parseJson(document: LoadedDocument, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(document.text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${document.source} is not a JSON object`);
}

/** SAML IdP metadata, an OpenID discovery document or a JWKS. */
export async function readIdpMetadata(argument: string): Promise<Partial<Expectations>> {
  const document = await loadDocument(argument, '--idp-metadata');
  const text = document.text.trim();
  if (text.startsWith('{')) return readOidcMetadata(document, parseJson(document, '--idp-metadata'));
  return readSamlIdpMetadata(document);
}
