/**
 * A SAML Response read into the fields the checks and the view need. Parsing refuses a DOCTYPE
 * (reported as a cause, never expanded) and anything not well-formed (the message is unreadable).
 * Elements are found by explicit child walks from the root, as an SP reads them; the Assertions
 * anywhere else in the document are counted, since an SP that looks them up by name finds them too.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { attr, childElements, descendants, firstChild, NS, parseStrictXml, textOf, XmlParseError } from '../../../sp-under-test/src/saml/xml.ts';

export interface SamlIssuer {
  value: string;
  format: string | null;
}

export interface SubjectConfirmation {
  method: string | null;
  recipient: string | null;
  notOnOrAfter: string | null;
  notBefore: string | null;
  inResponseTo: string | null;
}

export interface SamlAttributeRead {
  name: string;
  nameFormat: string | null;
  values: string[];
}

export interface AssertionRead {
  element: Element;
  id: string | null;
  issueInstant: string | null;
  issuer: SamlIssuer | null;
  nameId: { value: string; format: string | null; spNameQualifier: string | null } | null;
  confirmations: SubjectConfirmation[];
  conditions: { notBefore: string | null; notOnOrAfter: string | null; audienceRestrictions: string[][] } | null;
  authn: { authnInstant: string | null; sessionIndex: string | null; sessionNotOnOrAfter: string | null; classRef: string | null } | null;
  attributes: SamlAttributeRead[];
}

export interface StatusRead {
  code: string | null;
  subCode: string | null;
  message: string | null;
}

export interface ResponseRead {
  xml: string;
  doc: Document;
  root: Element;
  id: string | null;
  version: string | null;
  issueInstant: string | null;
  destination: string | null;
  inResponseTo: string | null;
  issuer: SamlIssuer | null;
  status: StatusRead;
  /** The Assertions that are children of the Response, in order. */
  assertions: AssertionRead[];
  /** Every saml:Assertion in the document, wherever it sits. */
  assertionsAnywhere: number;
  encryptedAssertions: number;
}

export type ReadResult = { ok: true; response: ResponseRead } | { ok: false; doctype: true } | { ok: false; doctype: false; reason: string };

function issuerOf(parent: Element): SamlIssuer | null {
  const element = firstChild(parent, NS.saml, 'Issuer');
  return element ? { value: textOf(element), format: attr(element, 'Format') } : null;
}

function readAssertion(element: Element): AssertionRead {
  const subject = firstChild(element, NS.saml, 'Subject');
  const nameIdElement = subject ? firstChild(subject, NS.saml, 'NameID') : undefined;
  const confirmations = subject
    ? childElements(subject, NS.saml, 'SubjectConfirmation').map((confirmation): SubjectConfirmation => {
        const data = firstChild(confirmation, NS.saml, 'SubjectConfirmationData');
        return {
          method: attr(confirmation, 'Method'),
          recipient: data ? attr(data, 'Recipient') : null,
          notOnOrAfter: data ? attr(data, 'NotOnOrAfter') : null,
          notBefore: data ? attr(data, 'NotBefore') : null,
          inResponseTo: data ? attr(data, 'InResponseTo') : null,
        };
      })
    : [];
  const conditionsElement = firstChild(element, NS.saml, 'Conditions');
  const authnElement = firstChild(element, NS.saml, 'AuthnStatement');
  const classRef = authnElement ? descendants(authnElement, NS.saml, 'AuthnContextClassRef')[0] : undefined;
  return {
    element,
    id: attr(element, 'ID'),
    issueInstant: attr(element, 'IssueInstant'),
    issuer: issuerOf(element),
    nameId: nameIdElement ? { value: textOf(nameIdElement), format: attr(nameIdElement, 'Format'), spNameQualifier: attr(nameIdElement, 'SPNameQualifier') } : null,
    confirmations,
    conditions: conditionsElement
      ? {
          notBefore: attr(conditionsElement, 'NotBefore'),
          notOnOrAfter: attr(conditionsElement, 'NotOnOrAfter'),
          audienceRestrictions: childElements(conditionsElement, NS.saml, 'AudienceRestriction').map((restriction) =>
            childElements(restriction, NS.saml, 'Audience').map(textOf),
          ),
        }
      : null,
    authn: authnElement
      ? {
          authnInstant: attr(authnElement, 'AuthnInstant'),
          sessionIndex: attr(authnElement, 'SessionIndex'),
          sessionNotOnOrAfter: attr(authnElement, 'SessionNotOnOrAfter'),
          classRef: classRef ? textOf(classRef) : null,
        }
      : null,
    attributes: childElements(element, NS.saml, 'AttributeStatement')
      .flatMap((statement) => childElements(statement, NS.saml, 'Attribute'))
      .map((attribute) => ({
        name: attr(attribute, 'Name') ?? '',
        nameFormat: attr(attribute, 'NameFormat'),
        values: childElements(attribute, NS.saml, 'AttributeValue').map(textOf),
      })),
  };
}

function readStatus(root: Element): StatusRead {
  const status = firstChild(root, NS.samlp, 'Status');
  const code = status ? firstChild(status, NS.samlp, 'StatusCode') : undefined;
  const subCode = code ? firstChild(code, NS.samlp, 'StatusCode') : undefined;
  const message = status ? firstChild(status, NS.samlp, 'StatusMessage') : undefined;
  return { code: code ? attr(code, 'Value') : null, subCode: subCode ? attr(subCode, 'Value') : null, message: message ? textOf(message) : null };
}

export function readSamlResponse(xml: string): ReadResult {
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, doctype: true };
  let doc: Document;
  try {
    doc = parseStrictXml(xml);
  } catch (error) {
    return { ok: false, doctype: false, reason: error instanceof XmlParseError ? error.message : String(error) };
  }
  const root = doc.documentElement!;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'Response') {
    return { ok: false, doctype: false, reason: `the root element is ${root.tagName}, not a SAML 2.0 protocol Response` };
  }
  return {
    ok: true,
    response: {
      xml,
      doc,
      root,
      id: attr(root, 'ID'),
      version: attr(root, 'Version'),
      issueInstant: attr(root, 'IssueInstant'),
      destination: attr(root, 'Destination'),
      inResponseTo: attr(root, 'InResponseTo'),
      issuer: issuerOf(root),
      status: readStatus(root),
      assertions: childElements(root, NS.saml, 'Assertion').map(readAssertion),
      assertionsAnywhere: descendants(doc, NS.saml, 'Assertion').length,
      encryptedAssertions: descendants(doc, NS.saml, 'EncryptedAssertion').length,
    },
  };
}

/** The AuthnRequest fields that set what the Response must answer. */
export interface AuthnRequestRead {
  id: string | null;
  issueInstant: string | null;
  destination: string | null;
  issuer: string | null;
  assertionConsumerServiceUrl: string | null;
  protocolBinding: string | null;
  nameIdPolicyFormat: string | null;
  forceAuthn: string | null;
  isPassive: string | null;
}

export function readAuthnRequest(xml: string): { ok: true; request: AuthnRequestRead } | { ok: false; reason: string } {
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, reason: 'it has a DOCTYPE' };
  let doc: Document;
  try {
    doc = parseStrictXml(xml);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const root = doc.documentElement!;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'AuthnRequest') return { ok: false, reason: `the root element is ${root.tagName}` };
  const issuer = firstChild(root, NS.saml, 'Issuer');
  const policy = firstChild(root, NS.samlp, 'NameIDPolicy');
  return {
    ok: true,
    request: {
      id: attr(root, 'ID'),
      issueInstant: attr(root, 'IssueInstant'),
      destination: attr(root, 'Destination'),
      issuer: issuer ? textOf(issuer) : null,
      assertionConsumerServiceUrl: attr(root, 'AssertionConsumerServiceURL'),
      protocolBinding: attr(root, 'ProtocolBinding'),
      nameIdPolicyFormat: policy ? attr(policy, 'Format') : null,
      forceAuthn: attr(root, 'ForceAuthn'),
      isPassive: attr(root, 'IsPassive'),
    },
  };
}
