// The ACS pipeline: each step is a small function that throws a coded SpError. Read top to bottom:
//
//   decode → well-formed (one root Response, ≤1 Assertion, no DOCTYPE) → signature algorithms
//   → node-saml strict validation (signatures, audience; InResponseTo when the request is known;
//     time when on the real clock) → replay cache (signed assertion ID)
//   → InResponseTo (session + org + expiry, consumed: single use) / unsolicited policy
//   → status Success → Issuers → Destination → structure (IDs, Version 2.0, Subject/NameID,
//     AuthnStatement, SessionNotOnOrAfter) → bearer Recipient → SubjectConfirmationData InResponseTo
//   → time window (SP clock) → identity (email) → remember the assertion ID
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../errors.ts';
import type { PendingSamlRequest, SamlConnection } from '../model.ts';
import { checkDestination } from './checks/check-destination.ts';
import { checkInResponseTo, type Solicitation } from './checks/check-in-response-to.ts';
import { checkIssuers } from './checks/check-issuer.ts';
import { assertionIdOf, checkNotReplayed, type ReplayCache } from './checks/check-replay.ts';
import { checkSignatureAlgorithms } from './checks/check-signature-algorithms.ts';
import { checkStatusSuccess } from './checks/check-status.ts';
import { checkStructure } from './checks/check-structure.ts';
import { checkBearerRecipients, checkSubjectInResponseTo } from './checks/check-subject-confirmation.ts';
import { checkTimeWindow } from './checks/check-time-window.ts';
import { checkWellFormedResponse, decodeSamlResponseParam } from './checks/check-well-formed.ts';
import { extractEmail } from './checks/extract-email.ts';
import type { SpEndpoints } from './endpoints.ts';
import { codeForNodeSamlError } from './node-saml-errors.ts';
import { CLOCK_SKEW_MS, MAX_ASSERTION_AGE_MS, strictSaml } from './sp-saml.ts';
import { attr, NS, parseStrictXml } from './xml.ts';
import { ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import { NONE_WEAKENED, type Weakened, type Weakening } from '../weakenings.ts';
import { bearerDataOf, firstAssertionOf, firstTextNodeEmail, keyInfoCertificate, laxResponse, naiveSignedAssertion } from './weakened.ts';

export interface ValidateSamlResponseInput {
  samlResponse: unknown;
  orgId: string;
  connection: SamlConnection;
  endpoints: SpEndpoints;
  /** The browser session that posted the response (null when it has none). */
  sessionId: string | null;
  /** Looks a pending request up without consuming it. */
  peekPending: (requestId: string) => PendingSamlRequest | undefined;
  /** Removes and returns a pending request (single use). */
  takePending: (requestId: string) => PendingSamlRequest | undefined;
  replayCache: ReplayCache;
  nowMs: number;
  nodeSamlChecksTime: boolean;
  /** Limit on the decoded SAMLResponse (limits.samlResponseBytes). */
  maxResponseBytes: number;
  /** TEST ONLY: checks a mutation-testing variant switched off (../weakenings.ts); empty otherwise. */
  weakened?: Weakened;
}

/** What to do when the IdP's signature does not verify: the usual cause is a new IdP key. */
const SIGNATURE_ADVICE =
  "The response is not signed by the certificate saved for this organization. If the identity provider's signing certificate changed (a new key after it was restarted or rotated its key), an administrator must import its metadata (or certificate) again in SSO settings.";

export interface ValidatedSamlLogin {
  email: string;
  solicitation: Solicitation;
  assertionId: string;
  /** The invitation the answered request was started from, if any. */
  invitationToken: string | null;
  /** When the IdP's session ends (AuthnStatement SessionNotOnOrAfter), if it says: the SP session ends then too. */
  sessionNotOnOrAfter: number | null;
}

async function verifiedAssertion(
  input: ValidateSamlResponseInput,
  samlResponse: string,
  inResponseTo: string | null,
  loosened: Partial<SamlConfig>,
): Promise<Element> {
  const saml = strictSaml({
    connection: input.connection,
    endpoints: input.endpoints,
    verifiedInResponseTo: inResponseTo,
    nodeSamlChecksTime: input.nodeSamlChecksTime,
    loosened,
  });
  let assertionXml: string;
  try {
    const result = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    if (!result.profile) throw new Error('Missing SAML assertion');
    assertionXml = String(result.profile.getAssertionXml?.() ?? '');
  } catch (err) {
    const code = codeForNodeSamlError(err);
    const why = `node-saml refused the response: ${err instanceof Error ? err.message : String(err)}`;
    throw ssoError(code, code === 'SSO_SIGNATURE_INVALID' ? `${why}. ${SIGNATURE_ADVICE}` : why);
  }
  // From here on only the signed bytes node-saml verified are read.
  try {
    const el = parseStrictXml(assertionXml).documentElement;
    if (!el || el.namespaceURI !== NS.saml || el.localName !== 'Assertion') throw new Error('not an Assertion');
    return el;
  } catch {
    throw ssoError('SSO_SIGNATURE_INVALID', 'cannot read the signed assertion');
  }
}

export async function validateSamlResponse(input: ValidateSamlResponseInput): Promise<ValidatedSamlLogin> {
  const weakened = input.weakened ?? NONE_WEAKENED;
  /** A check, or (TEST ONLY, a mutation-testing variant) what a lax SP does instead. */
  const unless = <T>(weakening: Weakening, check: () => T, lax: () => T): T => (weakened.has(weakening) ? lax() : check());

  const xml = decodeSamlResponseParam(input.samlResponse, input.maxResponseBytes);
  // The single-assertion rule exists against signature wrapping: the wrapping variant drops it too.
  const lax = weakened.has('saml-doctype') || weakened.has('saml-signed-assertion');
  const { doc, response, assertion } = lax ? laxResponse(xml, { allowDoctype: weakened.has('saml-doctype') }) : checkWellFormedResponse(xml);
  unless('saml-algorithms', () => checkSignatureAlgorithms(doc), () => undefined);

  const inResponseTo = attr(response, 'InResponseTo') || null;
  // node-saml is asked to validate InResponseTo only for a request this SP knows; an unknown one is
  // refused by checkInResponseTo below, after the replay check (so a re-post reads as a replay).
  const known = inResponseTo !== null && input.peekPending(inResponseTo) !== undefined ? inResponseTo : null;
  const loosened = looseNodeSaml(weakened, doc);
  const verified = await unless(
    'saml-signature',
    async () =>
      unless(
        'saml-signed-assertion',
        () => verifiedAssertion(input, String(input.samlResponse).replace(/\s+/g, ''), weakened.has('saml-in-response-to') ? null : known, loosened),
        async () => naiveSignedAssertion(xml, doc, input.connection.idpCertificatePem),
      ),
    async () => firstAssertionOf(doc),
  );
  // Identity and every later rule are read from the signed assertion, and it must be the Response's.
  if (!weakened.has('saml-signature') && !weakened.has('saml-signed-assertion') && (!assertion || attr(assertion, 'ID') !== attr(verified, 'ID'))) {
    throw ssoError('SSO_SIGNATURE_INVALID', 'the signed assertion is not the assertion in the Response');
  }
  const signed = verified;
  unless('saml-replay', () => checkNotReplayed(signed, input.connection.idpIssuer, input.replayCache), () => undefined);

  const pending = inResponseTo ? input.takePending(inResponseTo) : undefined;
  const solicitation = unless(
    'saml-in-response-to',
    () =>
      checkInResponseTo(inResponseTo, pending, {
        orgId: input.orgId,
        sessionId: input.sessionId,
        nowMs: input.nowMs,
        allowIdpInitiated: input.connection.allowIdpInitiated || weakened.has('saml-unsolicited'),
      }),
    (): Solicitation => (inResponseTo ? 'sp-initiated' : 'idp-initiated'),
  );
  unless('saml-status', () => checkStatusSuccess(response), () => undefined);
  unless('saml-issuer', () => checkIssuers(response, signed, input.connection.idpIssuer), () => undefined);
  unless('saml-destination', () => checkDestination(response, input.endpoints.acsUrl), () => undefined);
  const { sessionNotOnOrAfter } = unless(
    'saml-structure',
    () => checkStructure(response, signed, { spEntityId: input.endpoints.entityId, nowMs: input.nowMs, skewMs: CLOCK_SKEW_MS }),
    () => ({ sessionNotOnOrAfter: null }),
  );
  const subjectData = unless(
    'saml-subject-confirmation',
    () => unless('saml-recipient', () => checkBearerRecipients(signed, input.endpoints.acsUrl), () => bearerDataOf(signed)),
    () => bearerDataOf(signed),
  );
  unless('saml-in-response-to', () => checkSubjectInResponseTo(signed, inResponseTo), () => undefined);
  const keepUntil = unless(
    'saml-time-window',
    () => checkTimeWindow(signed, subjectData, { nowMs: input.nowMs, skewMs: CLOCK_SKEW_MS, maxAgeMs: MAX_ASSERTION_AGE_MS }),
    () => input.nowMs + MAX_ASSERTION_AGE_MS,
  );
  // node-saml hands back canonical XML, where comments are gone: the truncating variant reads the raw document.
  const email = unless('saml-comment-truncation', () => extractEmail(signed), () => firstTextNodeEmail(assertion ?? signed));
  const assertionId = assertionIdOf(signed);
  if (!weakened.has('saml-replay')) input.replayCache.remember(input.connection.idpIssuer, assertionId, keepUntil + CLOCK_SKEW_MS);
  return { email, solicitation, assertionId, invitationToken: pending?.invitationToken ?? null, sessionNotOnOrAfter };
}

/** TEST ONLY: the node-saml settings a mutation-testing variant loosens, so its own copy of a rule is off too. */
function looseNodeSaml(weakened: Weakened, doc: Parameters<typeof keyInfoCertificate>[0]): Partial<SamlConfig> {
  const embedded = weakened.has('saml-certificate-pinning') ? keyInfoCertificate(doc) : undefined;
  return {
    ...(weakened.has('saml-audience') ? { audience: false as const } : {}),
    ...(weakened.has('saml-issuer') ? { idpIssuer: undefined } : {}),
    ...(weakened.has('saml-time-window') ? { acceptedClockSkewMs: -1 } : {}),
    ...(weakened.has('saml-in-response-to') ? { validateInResponseTo: ValidateInResponseTo.never } : {}),
    ...(embedded ? { idpCert: embedded } : {}),
  };
}
