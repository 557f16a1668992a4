/** The readable view of a SAML Response and of an AuthnRequest. */
import { describeCertificate } from '../certificates.ts';
import { View } from '../view.ts';
import type { AuthnRequestRead, ResponseRead } from './read-response.ts';
import { algorithmName, type SignatureRead } from './signatures.ts';

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';
const short = (uri: string | null): string | null => (uri === null ? null : uri.replace(/^urn:oasis:names:tc:SAML:(1\.1|2\.0):(nameid-format|status|cm|ac:classes|attrname-format):/, ''));

function signatureLine(signature: SignatureRead): string {
  const algorithms = `${algorithmName(signature.signatureAlgorithm)} / ${signature.digestAlgorithms.map(algorithmName).join(', ') || '(no digest)'}`;
  const verdict =
    signature.verifiedWith === 'metadata' ? "verifies with the IdP metadata's certificate"
    : signature.verifiedWith === 'embedded' ? 'verifies with the certificate it carries'
    : `does not verify (${signature.failure})`;
  return `${algorithms}, ${verdict}`;
}

export function samlResponseView(response: ResponseRead, signatures: SignatureRead[], heading: string): View {
  const view = new View(heading);
  const { status } = response;
  view
    .line('ID', response.id)
    .line('IssueInstant', response.issueInstant)
    .line('Destination', response.destination ?? '(none)')
    .line('InResponseTo', response.inResponseTo ?? '(none: IdP-initiated)')
    .line('Issuer', response.issuer?.value ?? '(none)')
    .line('Status', `${short(status.code) ?? '(none)'}${status.subCode ? ` / ${short(status.subCode)}` : ''}${status.message ? ` "${status.message}"` : ''}`);
  const signatureIn = (id: string | null, on: SignatureRead['on']) => signatures.filter((signature) => signature.on === on && signature.parentId === id);
  for (const signature of signatureIn(response.id, 'Response')) view.line('Signature', signatureLine(signature));
  const certificates = new Map(signatures.flatMap((signature) => signature.certificates).map((certificate) => [certificate.der, certificate]));
  for (const certificate of certificates.values()) view.line('Certificate', describeCertificate(certificate));
  response.assertions.forEach((assertion, index) => {
    view.line(`Assertion${response.assertions.length > 1 ? ` ${index + 1}` : ''}`, assertion.id ?? '(no ID)');
    view.line('Issuer', assertion.issuer?.value ?? '(none)', 2);
    for (const signature of signatureIn(assertion.id, 'Assertion')) view.line('Signature', signatureLine(signature), 2);
    if (signatureIn(assertion.id, 'Assertion').length === 0) view.line('Signature', '(none on the Assertion)', 2);
    view.line('NameID', assertion.nameId ? `${assertion.nameId.value} (${short(assertion.nameId.format) ?? 'no Format'})` : '(none)', 2);
    for (const confirmation of assertion.confirmations) {
      view.line(
        'Confirmation',
        `${short(confirmation.method)}, Recipient ${confirmation.recipient ?? '(none)'}, NotOnOrAfter ${confirmation.notOnOrAfter ?? '(none)'}${confirmation.inResponseTo ? `, InResponseTo ${confirmation.inResponseTo}` : ''}`,
        2,
      );
    }
    const conditions = assertion.conditions;
    view.line('Valid', conditions ? `from ${conditions.notBefore ?? '(open)'} until ${conditions.notOnOrAfter ?? '(open)'}` : '(no Conditions)', 2);
    view.line('Audience', conditions ? conditions.audienceRestrictions.flat().join(', ') || '(none)' : '(none)', 2);
    if (assertion.authn) {
      view.line(
        'AuthnStatement',
        `AuthnInstant ${assertion.authn.authnInstant ?? '(none)'}, SessionIndex ${assertion.authn.sessionIndex ?? '(none)'}${assertion.authn.sessionNotOnOrAfter ? `, SessionNotOnOrAfter ${assertion.authn.sessionNotOnOrAfter}` : ''}${assertion.authn.classRef ? `, ${short(assertion.authn.classRef)}` : ''}`,
        2,
      );
    }
    for (const attribute of assertion.attributes) view.line(`${attribute.name}`, attribute.values.join(', ') || '(empty)', 2);
  });
  if (response.encryptedAssertions) view.line('EncryptedAssertion', `${response.encryptedAssertions} (not decrypted)`);
  if (response.assertionsAnywhere > response.assertions.length) view.line('Other Assertions', `${response.assertionsAnywhere - response.assertions.length} elsewhere in the document`);
  return view;
}

export function samlResponseData(response: ResponseRead, signatures: SignatureRead[]) {
  return {
    id: response.id,
    issueInstant: response.issueInstant,
    destination: response.destination,
    inResponseTo: response.inResponseTo,
    issuer: response.issuer?.value ?? null,
    status: { code: response.status.code, subCode: response.status.subCode, message: response.status.message },
    signatures: signatures.map((signature) => ({
      on: signature.on,
      where: signature.where,
      signatureAlgorithm: signature.signatureAlgorithm,
      digestAlgorithms: signature.digestAlgorithms,
      certificate: signature.certificates[0] ? { subject: signature.certificates[0].subject, sha256: signature.certificates[0].fingerprint, validTo: signature.certificates[0].validTo } : null,
      verifiedWith: signature.verifiedWith ?? null,
      failure: signature.failure ?? null,
    })),
    assertions: response.assertions.map((assertion) => ({
      id: assertion.id,
      issueInstant: assertion.issueInstant,
      issuer: assertion.issuer?.value ?? null,
      nameId: assertion.nameId,
      subjectConfirmations: assertion.confirmations,
      conditions: assertion.conditions,
      authnStatement: assertion.authn,
      attributes: assertion.attributes,
    })),
    encryptedAssertions: response.encryptedAssertions,
  };
}

export function authnRequestView(request: AuthnRequestRead, heading: string): View {
  return new View(heading)
    .line('ID', request.id)
    .line('IssueInstant', request.issueInstant)
    .line('Issuer (SP entity ID)', request.issuer ?? '(none)')
    .line('Destination', request.destination)
    .line('ACS URL', request.assertionConsumerServiceUrl ?? "(none: the app's Single sign-on URL)")
    .line('ProtocolBinding', short(request.protocolBinding))
    .line('NameIDPolicy', short(request.nameIdPolicyFormat))
    .line('ForceAuthn', request.forceAuthn)
    .line('IsPassive', request.isPassive);
}

export { STATUS as SAML_STATUS_PREFIX };
