/**
 * The checks of a SAML Response, one small function per rule an SP applies, each naming what it
 * found, what was expected and the fix in Okta's admin-console words. They read the Response as
 * decoded (./read-response.ts) and its signatures (./signatures.ts); none of them calls an SP.
 *
 *   checkStatus          DOCTOR_SAML_STATUS                 Okta's StatusCode and StatusMessage
 *   checkAssertions      DOCTOR_SAML_NO_ASSERTION, DOCTOR_SAML_MULTIPLE_ASSERTIONS
 *   checkSignatures      DOCTOR_SAML_UNSIGNED, _SIGNATURE_INVALID, _CERTIFICATE_MISMATCH, _WEAK_ALGORITHM
 *   checkIssuer          DOCTOR_SAML_ISSUER_MISMATCH
 *   checkAudience        DOCTOR_SAML_AUDIENCE_MISMATCH
 *   checkUrls            DOCTOR_SAML_DESTINATION_MISMATCH, DOCTOR_SAML_RECIPIENT_MISMATCH
 *   checkInResponseTo    DOCTOR_SAML_IN_RESPONSE_TO_MISMATCH
 *   checkTimes           DOCTOR_SAML_EXPIRED, DOCTOR_SAML_NOT_YET_VALID (with the clocks' difference)
 *   checkSubject         DOCTOR_SAML_NAMEID_FORMAT_MISMATCH, DOCTOR_SAML_EMAIL_MISSING
 */
import { certificateInfo, describeCertificate } from '../certificates.ts';
import { duration, instant, type CheckTime, type Findings } from '../findings.ts';
import type { Expectations, Sourced } from '../metadata/expectations.ts';
import type { AssertionRead, AuthnRequestRead, ResponseRead } from './read-response.ts';
import { weakAlgorithmsOf, type SignatureRead } from './signatures.ts';

export interface SamlCheckInput {
  response: ResponseRead;
  signatures: SignatureRead[];
  expectations: Expectations;
  time: CheckTime;
  /** AuthnRequests seen before this Response in the same capture (a HAR), oldest first. */
  requests: AuthnRequestRead[];
  /** The URL the browser posted this Response to (a HAR). */
  deliveredTo: string | undefined;
}

const SAML_SETTINGS = "the Okta app's SAML settings (General → SAML Settings → Edit)";
const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Attribute names SPs read an email from (Okta's attribute statements let the admin pick any). */
const EMAIL_ATTRIBUTES = new Set([
  'email',
  'mail',
  'emailaddress',
  'user.email',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'urn:oid:0.9.2342.19200300.100.1.3',
]);

const FORMAT_WORDS: Record<string, string> = {
  [EMAIL_FORMAT]: 'EmailAddress',
  [UNSPECIFIED_FORMAT]: 'Unspecified',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'Persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'Transient',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName': 'x509SubjectName',
};
const formatWord = (format: string | null): string => (format === null ? 'none' : (FORMAT_WORDS[format] ?? format));

const statusWord = (value: string | null): string => (value === null ? '(none)' : value.startsWith(STATUS) ? value.slice(STATUS.length) : value);

/** The Assertion the SP reads: the Response's only one (several are a cause of their own). */
export function assertionOf(response: ResponseRead): AssertionRead | undefined {
  return response.assertions[0];
}

export function checkStatus({ response }: SamlCheckInput, found: Findings): void {
  const { code, subCode, message } = response.status;
  if (code === `${STATUS}Success`) return;
  const status = `${statusWord(code)}${subCode ? ` / ${statusWord(subCode)}` : ''}${message ? ` ("${message}")` : ''}`;
  const sub = statusWord(subCode);
  const fix =
    sub === 'InvalidNameIDPolicy' ? `the SP's AuthnRequest asks for a NameIDPolicy Format the app does not send: set Name ID format in ${SAML_SETTINGS} to the format the SP asks for, or have the SP ask for Unspecified`
    : sub === 'NoPassive' ? 'the SP asked for a passive sign-in (IsPassive="true") and the person had no Okta session: the SP must retry without IsPassive'
    : sub === 'RequestDenied' || sub === 'AuthnFailed' ? 'Okta did not sign the person in for this app: check that the person is assigned to the app (Assignments tab) and active, and the app\'s sign-on policy'
    : statusWord(code) === 'Requester' ? "Okta found the SP's AuthnRequest invalid: the SP must send it to the app's Identity Provider Single Sign-On URL with an ACS URL the app lists (Single sign-on URL, or Other Requestable SSO URLs)"
    : statusWord(code) === 'Responder' ? 'an error at Okta: try again; if it persists, open the Okta System Log for this sign-in'
    : 'the Response is an error answer: see the status';
  found.cause('DOCTOR_SAML_STATUS', `Okta answered with status ${status}, not Success: no SP signs anyone in with it`, fix);
}

export function checkAssertions({ response }: SamlCheckInput, found: Findings): void {
  if (response.assertionsAnywhere > 1) {
    found.cause(
      'DOCTOR_SAML_MULTIPLE_ASSERTIONS',
      `the Response carries ${response.assertionsAnywhere} Assertions (${response.assertions.length} as children of the Response); Okta sends exactly one`,
      'nothing to set in Okta: the Response was altered on its way (a proxy, a tool, an attack) or does not come from Okta; SPs refuse several Assertions',
    );
  }
  if (response.encryptedAssertions > 0) {
    found.note(`the Assertion is encrypted (Assertion Encryption in ${SAML_SETTINGS}): the doctor cannot read it; the SP needs the private key of the certificate uploaded there`);
  } else if (response.assertions.length === 0 && response.status.code === `${STATUS}Success`) {
    found.cause('DOCTOR_SAML_NO_ASSERTION', 'the Response says Success but carries no Assertion', 'nothing to set in Okta: the Response was altered, or does not come from Okta');
  }
}

export function checkSignatures({ response, signatures, expectations }: SamlCheckInput, found: Findings): void {
  const assertion = assertionOf(response);
  const placed = signatures.filter((signature) => signature.on !== 'elsewhere');
  for (const stray of signatures.filter((signature) => signature.on === 'elsewhere')) {
    found.cause(
      'DOCTOR_SAML_SIGNATURE_INVALID',
      `a Signature sits in ${stray.where}, where SAML puts none: the document was rearranged after Okta signed it (signature wrapping)`,
      'nothing to set in Okta: the Response was altered on its way; an SP must read only what its signature covers',
    );
  }
  const onResponse = placed.some((signature) => signature.on === 'Response');
  const onAssertion = assertion !== undefined && placed.some((signature) => signature.on === 'Assertion' && signature.parentId === assertion.id);
  if (!onResponse && !onAssertion) {
    found.cause(
      'DOCTOR_SAML_UNSIGNED',
      'neither the Response nor its Assertion is signed',
      `in ${SAML_SETTINGS}, Show Advanced Settings: set Response to Signed and Assertion Signature to Signed (Okta signs both by default; something removed the signatures)`,
    );
  }
  const metadataCertificates = expectations.idpCertificates;
  let mismatchReported = false;
  for (const signature of placed) {
    if (!signature.coversParent) {
      found.cause(
        'DOCTOR_SAML_SIGNATURE_INVALID',
        `the Signature in the ${signature.where} covers ${signature.referenceUris.map((uri) => `"${uri}"`).join(', ') || 'nothing'}, not the element it sits in (#${signature.parentId ?? 'no ID'})`,
        'nothing to set in Okta: Okta signs each element by its own ID; the Response was altered on its way',
      );
      continue;
    }
    if (signature.verifiedWith === 'embedded' && metadataCertificates) {
      if (!mismatchReported) {
        mismatchReported = true;
        const used = signature.certificates[0];
        found.cause(
          'DOCTOR_SAML_CERTIFICATE_MISMATCH',
          `the ${signature.where} is signed with ${used ? describeCertificate(used) : 'another certificate'}, but ${metadataCertificates.from} has ${metadataCertificates.value.map(describeCertificate).join('; ')}`,
          "the SP holds an old or another app's certificate: in the Okta app, Sign On tab → SAML Signing Certificates, download the Active certificate (or the Identity Provider metadata) and upload it to the SP; if the app's certificate was just rotated, the SP must get the new one",
        );
      }
      continue;
    }
    if (signature.verifiedWith === 'embedded') {
      found.note(`the Signature in the ${signature.where} verifies with the certificate it carries (${describeCertificate(signature.certificates[0] ?? certificateInfo(''))}); give --idp-metadata to check it is the app's`);
      continue;
    }
    if (signature.verifiedWith === undefined) {
      if (signature.failure?.startsWith('no certificate')) {
        found.note(`the Signature in the ${signature.where} could not be checked: ${signature.failure}`);
      } else {
        found.cause(
          'DOCTOR_SAML_SIGNATURE_INVALID',
          `the Signature in the ${signature.where} does not verify${metadataCertificates ? ` with ${metadataCertificates.from}` : ''}: ${signature.failure}`,
          'nothing to set in Okta: the Response was changed after Okta signed it (a proxy or a tool rewrote it, or it was edited while copying); capture it again as the browser posted it',
        );
      }
    }
  }
  const weak = [...new Set(placed.flatMap(weakAlgorithmsOf))];
  if (weak.length > 0) {
    found.cause(
      'DOCTOR_SAML_WEAK_ALGORITHM',
      `signed with ${weak.join(', ')}`,
      `in ${SAML_SETTINGS}, Show Advanced Settings: set Signature Algorithm to RSA-SHA256 and Digest Algorithm to SHA256`,
    );
  }
}

export function checkIssuer({ response, expectations }: SamlCheckInput, found: Findings): void {
  const assertion = assertionOf(response);
  const responseIssuer = response.issuer?.value;
  const assertionIssuer = assertion?.issuer?.value;
  if (assertion && !assertionIssuer) {
    found.cause('DOCTOR_SAML_ISSUER_MISMATCH', 'the Assertion has no Issuer', 'nothing to set in Okta: Okta always names itself; the Response was altered');
  }
  if (responseIssuer && assertionIssuer && responseIssuer !== assertionIssuer) {
    found.cause(
      'DOCTOR_SAML_ISSUER_MISMATCH',
      `the Response's Issuer is ${responseIssuer} but the Assertion's is ${assertionIssuer}`,
      'nothing to set in Okta: both carry the app\'s Identity Provider Issuer; the Response was assembled from two messages',
    );
  }
  const expected = expectations.idpEntityId;
  const sent = assertionIssuer ?? responseIssuer;
  if (expected && sent && sent !== expected.value) {
    found.cause(
      'DOCTOR_SAML_ISSUER_MISMATCH',
      `the Issuer is ${sent}; the SP expects ${expected.value} (${expected.from})`,
      `the SP is set up with another Okta app: in the SP, set the IdP issuer (entity ID) to ${sent}, the Identity Provider Issuer shown in the Okta app's Sign On tab → View SAML setup instructions — or import that app's metadata again`,
    );
  }
}

function expectedEntityId(input: SamlCheckInput): Sourced<string> | undefined {
  if (input.expectations.spEntityId) return input.expectations.spEntityId;
  const request = input.requests.at(-1);
  return request?.issuer ? { value: request.issuer, from: "the Issuer of the SP's AuthnRequest in this capture" } : undefined;
}

export function checkAudience(input: SamlCheckInput, found: Findings): void {
  const assertion = assertionOf(input.response);
  if (!assertion) return;
  const expected = expectedEntityId(input);
  const restrictions = assertion.conditions?.audienceRestrictions ?? [];
  const audiences = restrictions.flat();
  if (restrictions.length === 0) {
    found.cause(
      'DOCTOR_SAML_AUDIENCE_MISMATCH',
      'the Assertion has no AudienceRestriction: it does not say which SP it is for',
      `set Audience URI (SP Entity ID) in ${SAML_SETTINGS}${expected ? ` to ${expected.value}` : " to the SP's entity ID"}`,
    );
    return;
  }
  if (!expected) {
    found.note(`Audience ${audiences.join(', ')} not compared: give --sp-entity-id or --sp-metadata`);
    return;
  }
  const unmet = restrictions.filter((restriction) => !restriction.includes(expected.value));
  if (unmet.length > 0) {
    found.cause(
      'DOCTOR_SAML_AUDIENCE_MISMATCH',
      `Audience URI (SP Entity ID) is ${audiences.join(', ') || '(empty)'}; the SP expects ${expected.value} (${expected.from})`,
      `set Audience URI (SP Entity ID) to ${expected.value} in ${SAML_SETTINGS}`,
    );
  }
}

function expectedAcs(input: SamlCheckInput): Sourced<string[]> | undefined {
  if (input.expectations.acsUrls) return input.expectations.acsUrls;
  const request = input.requests.at(-1);
  if (request?.assertionConsumerServiceUrl) return { value: [request.assertionConsumerServiceUrl], from: "the AssertionConsumerServiceURL of the SP's AuthnRequest in this capture" };
  if (input.deliveredTo) return { value: [input.deliveredTo], from: 'the URL the browser posted the Response to' };
  return undefined;
}

export function checkUrls(input: SamlCheckInput, found: Findings): void {
  const { response } = input;
  const expected = expectedAcs(input);
  const assertion = assertionOf(response);
  const bearers = (assertion?.confirmations ?? []).filter((confirmation) => confirmation.method === BEARER);
  const recipients = bearers.map((confirmation) => confirmation.recipient);
  if (!expected) {
    found.note(`Destination and Recipient not compared with the SP's ACS URL: give --acs-url or --sp-metadata`);
    const differing = recipients.filter((recipient): recipient is string => recipient !== null && recipient !== response.destination);
    if (response.destination && differing.length > 0) {
      found.cause(
        'DOCTOR_SAML_RECIPIENT_MISMATCH',
        `Recipient is ${differing.join(', ')} but Destination is ${response.destination}: one of them is not the SP's ACS URL`,
        `in ${SAML_SETTINGS}, tick "Use this for Recipient URL and Destination URL" under Single sign-on URL, so both are the SP's ACS URL`,
      );
    }
    return;
  }
  const acs = expected.value;
  const list = acs.join(' or ');
  if (response.destination === null || !acs.includes(response.destination)) {
    found.cause(
      'DOCTOR_SAML_DESTINATION_MISMATCH',
      `Destination is ${response.destination ?? '(none)'}; the SP's ACS URL is ${list} (${expected.from})`,
      `set Single sign-on URL to ${acs[0]} in ${SAML_SETTINGS} and tick "Use this for Recipient URL and Destination URL" (or set Destination to it in Show Advanced Settings)`,
    );
  }
  if (assertion && bearers.length === 0) {
    found.cause('DOCTOR_SAML_RECIPIENT_MISMATCH', 'the Assertion has no bearer SubjectConfirmation, so no Recipient', 'nothing to set in Okta: Okta always sends one; the Response was altered');
  }
  for (const recipient of recipients) {
    if (recipient === null || !acs.includes(recipient)) {
      found.cause(
        'DOCTOR_SAML_RECIPIENT_MISMATCH',
        `Recipient is ${recipient ?? '(none)'}; the SP's ACS URL is ${list} (${expected.from})`,
        `set Recipient URL to ${acs[0]} in ${SAML_SETTINGS} (Show Advanced Settings), or tick "Use this for Recipient URL and Destination URL" under Single sign-on URL`,
      );
    }
  }
}

export function checkInResponseTo(input: SamlCheckInput, found: Findings): void {
  const { response, requests, expectations } = input;
  const assertion = assertionOf(response);
  const answered = response.inResponseTo;
  for (const confirmation of (assertion?.confirmations ?? []).filter((item) => item.method === BEARER)) {
    if ((confirmation.inResponseTo ?? null) !== answered && confirmation.inResponseTo !== null) {
      found.cause(
        'DOCTOR_SAML_IN_RESPONSE_TO_MISMATCH',
        `the Response answers ${answered ?? '(nothing)'} but its Assertion's SubjectConfirmationData answers ${confirmation.inResponseTo}`,
        'nothing to set in Okta: Okta puts the same request ID in both; the Response was assembled from two messages',
      );
    }
  }
  const known = expectations.requestId ? [expectations.requestId.value] : requests.map((request) => request.id).filter((id): id is string => id !== null);
  const from = expectations.requestId ? expectations.requestId.from : 'the AuthnRequests in this capture';
  if (answered === null) {
    if (known.length > 0) {
      found.cause(
        'DOCTOR_SAML_IN_RESPONSE_TO_MISMATCH',
        `the Response has no InResponseTo (an IdP-initiated, unsolicited Response), but the SP sent a request (${known.at(-1)}, ${from})`,
        "the person started at the Okta dashboard or the app's tile, or Okta did not receive the SP's request: start from the SP; an SP that refuses unsolicited Responses needs \"Allow IdP-initiated sign-in\" (or similar) on to accept tiles",
      );
    } else {
      found.note('no InResponseTo: an IdP-initiated (unsolicited) Response, as from the Okta dashboard tile; the SP must allow sign-in started at the IdP');
    }
    return;
  }
  if (known.length > 0 && !known.includes(answered)) {
    found.cause(
      'DOCTOR_SAML_IN_RESPONSE_TO_MISMATCH',
      `InResponseTo is ${answered}; the SP's request was ${known.join(', ')} (${from})`,
      "nothing to set in Okta: the Response answers another sign-in (an old tab, a second attempt, a replay); start again from the SP in one tab, and check that the SP keeps the request ID in the browser's session",
    );
  }
}

export function checkTimes({ response, time }: SamlCheckInput, found: Findings): void {
  const assertion = assertionOf(response);
  if (!assertion) return;
  const at = time.at.getTime();
  const skew = time.skewSeconds * 1000;
  const issued = instant(assertion.issueInstant ?? response.issueInstant);
  const clocks =
    issued === undefined ? ''
    : at >= issued ? ` Okta issued it at ${new Date(issued).toISOString()}, ${duration(at - issued)} before the time of checking (${time.at.toISOString()}, ${time.from}).`
    : ` Okta issued it at ${new Date(issued).toISOString()}, ${duration(issued - at)} AFTER the time of checking (${time.at.toISOString()}, ${time.from}): the SP's clock is behind Okta's by at least that much.`;
  const window = assertion.conditions;
  const notBefore = instant(window?.notBefore);
  const ends = [
    { what: 'Conditions NotOnOrAfter', value: instant(window?.notOnOrAfter) },
    ...assertion.confirmations.filter((c) => c.method === BEARER).map((c) => ({ what: 'SubjectConfirmationData NotOnOrAfter', value: instant(c.notOnOrAfter) })),
  ].filter((end): end is { what: string; value: number } => end.value !== undefined);
  for (const [name, value] of [
    ['Conditions NotBefore', window?.notBefore],
    ['Conditions NotOnOrAfter', window?.notOnOrAfter],
  ] as const) {
    if (value && instant(value) === undefined) found.cause('DOCTOR_SAML_EXPIRED', `${name} "${value}" is not a time`, 'nothing to set in Okta: the Response was altered');
  }
  const expired = ends.filter((end) => at - skew >= end.value);
  if (expired.length > 0) {
    const first = expired.reduce((a, b) => (a.value <= b.value ? a : b));
    found.cause(
      'DOCTOR_SAML_EXPIRED',
      `the Assertion was valid until ${new Date(first.value).toISOString()} (${first.what}); at ${time.at.toISOString()} it had expired ${duration(at - first.value)} before, beyond the ${time.skewSeconds} s clock skew allowed.${clocks}`,
      "if the Response was posted to the SP right after Okta issued it, the SP's clock is ahead of Okta's: sync the SP's clock (NTP). Otherwise the Response was posted late or replayed (a back button, a saved page): start again from the SP. Okta makes Assertions valid for a few minutes around their issue; that is not an app setting",
    );
  }
  if (notBefore !== undefined && at + skew < notBefore) {
    found.cause(
      'DOCTOR_SAML_NOT_YET_VALID',
      `the Assertion is valid from ${new Date(notBefore).toISOString()} (Conditions NotBefore); at ${time.at.toISOString()} that was ${duration(notBefore - at)} ahead, beyond the ${time.skewSeconds} s clock skew allowed.${clocks}`,
      "the SP's clock is behind Okta's: sync the SP's clock (NTP), or allow more clock skew in the SP",
    );
  }
  if (time.from === 'now' && issued !== undefined && at - issued > 10 * 60_000) {
    found.note(`checked against the current time, ${duration(at - issued)} after Okta issued it: give --at with the time the SP received it for a fair verdict on expiry`);
  }
}

export function checkSubject(input: SamlCheckInput, found: Findings): void {
  const assertion = assertionOf(input.response);
  if (!assertion) return;
  const nameId = assertion.nameId;
  const asked = [
    ...(input.expectations.nameIdFormats?.value ?? []).map((format) => ({ format, from: input.expectations.nameIdFormats!.from })),
    ...input.requests.slice(-1).flatMap((request) => (request.nameIdPolicyFormat ? [{ format: request.nameIdPolicyFormat, from: "the NameIDPolicy of the SP's AuthnRequest" }] : [])),
  ].filter((item) => item.format !== UNSPECIFIED_FORMAT);
  if (nameId && asked.length > 0 && !asked.some((item) => item.format === nameId.format)) {
    found.cause(
      'DOCTOR_SAML_NAMEID_FORMAT_MISMATCH',
      `Name ID format is ${formatWord(nameId.format)}; the SP asks for ${[...new Set(asked.map((item) => formatWord(item.format)))].join(' or ')} (${asked[0]!.from})`,
      `set Name ID format to ${formatWord(asked[0]!.format)} in ${SAML_SETTINGS}${asked[0]!.format === EMAIL_FORMAT ? ', and Application username to Email' : ''}`,
    );
  }
  const emailAttribute = assertion.attributes.find((attribute) => EMAIL_ATTRIBUTES.has(attribute.name.toLowerCase()));
  const attributeEmail = emailAttribute?.values.find((value) => EMAIL.test(value));
  const nameIdEmail = nameId && EMAIL.test(nameId.value) ? nameId.value : undefined;
  if (nameId?.format === EMAIL_FORMAT && !nameIdEmail) {
    found.cause(
      'DOCTOR_SAML_EMAIL_MISSING',
      `Name ID format is EmailAddress but the NameID "${nameId.value}" is not an email address: the Application username is not an email`,
      `in ${SAML_SETTINGS}, set Application username to Email (Okta username is not always an email), or add an attribute statement email = user.email`,
    );
    return;
  }
  if (!attributeEmail && !nameIdEmail) {
    const what = emailAttribute ? `the ${emailAttribute.name} attribute holds "${emailAttribute.values.join(', ')}", not an email address,` : 'there is no email attribute';
    found.cause(
      'DOCTOR_SAML_EMAIL_MISSING',
      `${what} and the NameID ${nameId ? `"${nameId.value}" (${formatWord(nameId.format)})` : '(none)'} is not an email address`,
      `in ${SAML_SETTINGS}, set Name ID format to EmailAddress and Application username to Email, or add an Attribute Statement: Name email, Value user.email`,
    );
  }
}

export const SAML_CHECKS = [checkStatus, checkAssertions, checkSignatures, checkIssuer, checkAudience, checkUrls, checkInResponseTo, checkTimes, checkSubject] as const;
