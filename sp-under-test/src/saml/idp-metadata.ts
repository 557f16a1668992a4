// IdP metadata import (the ngrok flow): extract the SSO URL (HTTP-Redirect binding preferred, then
// HTTP-POST), the entityID, and the signing certificate. Anything unusable → SSO_METADATA_INVALID.
import type { Element } from '@xmldom/xmldom';
import { SpError } from '../errors.ts';
import { normalizeCertificate } from './certificate.ts';
import { attr, childElements, descendants, NS, parseStrictXml, textOf } from './xml.ts';

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  certificatePem: string;
}

const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

function invalid(why: string): SpError {
  return new SpError('SSO_METADATA_INVALID', 400, `IdP metadata is not usable: ${why}`);
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  let root: Element;
  try {
    const doc = parseStrictXml(xml.trim());
    root = doc.documentElement!;
  } catch {
    throw invalid('not well-formed XML (or has a DOCTYPE)');
  }
  let entity: Element | undefined;
  if (root.namespaceURI === NS.md && root.localName === 'EntityDescriptor') entity = root;
  else if (root.namespaceURI === NS.md && root.localName === 'EntitiesDescriptor') {
    entity = descendants(root, NS.md, 'EntityDescriptor').find((e) => childElements(e, NS.md, 'IDPSSODescriptor').length > 0);
  }
  if (!entity) throw invalid('no md:EntityDescriptor');
  const entityId = attr(entity, 'entityID')?.trim();
  if (!entityId) throw invalid('no entityID');
  const idp = childElements(entity, NS.md, 'IDPSSODescriptor')[0];
  if (!idp) throw invalid('no IDPSSODescriptor');
  const services = childElements(idp, NS.md, 'SingleSignOnService');
  const service =
    services.find((s) => attr(s, 'Binding') === BINDING_REDIRECT) ?? services.find((s) => attr(s, 'Binding') === BINDING_POST);
  const ssoUrl = service ? attr(service, 'Location')?.trim() : undefined;
  if (!ssoUrl || !/^https?:\/\//i.test(ssoUrl)) throw invalid('no SingleSignOnService with an http(s) Location');
  const keys = childElements(idp, NS.md, 'KeyDescriptor').filter((k) => {
    const use = attr(k, 'use');
    return use === null || use === 'signing';
  });
  const certText = keys
    .flatMap((k) => descendants(k, NS.ds, 'X509Certificate'))
    .map(textOf)
    .find((t) => t.length > 0);
  if (!certText) throw invalid('no signing certificate');
  let certificatePem: string;
  try {
    certificatePem = normalizeCertificate(certText);
  } catch {
    throw invalid('the signing certificate does not parse');
  }
  return { entityId, ssoUrl, certificatePem };
}
