/**
 * The checks of an id_token and of an authorization response, one small function per rule an RP
 * applies (OpenID Connect Core 3.1.3.7), each with the fix in Okta's admin-console words:
 *
 *   checkAlgorithm        DOCTOR_OIDC_ALG_NOT_ALLOWED        Okta signs id_tokens with RS256
 *   checkKey              DOCTOR_OIDC_KID_UNKNOWN, DOCTOR_OIDC_SIGNATURE_INVALID (with a JWKS)
 *   checkIssuer           DOCTOR_OIDC_ISSUER_MISMATCH
 *   checkAudience         DOCTOR_OIDC_AUDIENCE_MISMATCH      aud, and azp when there are several
 *   checkTimes            DOCTOR_OIDC_EXPIRED, DOCTOR_OIDC_NOT_YET_VALID
 *   checkNonce            DOCTOR_OIDC_NONCE_MISSING, DOCTOR_OIDC_NONCE_MISMATCH
 *   checkEmail            DOCTOR_OIDC_EMAIL_MISSING, DOCTOR_OIDC_EMAIL_UNVERIFIED
 *   checkAuthorizationResponse  DOCTOR_OIDC_ERROR_RESPONSE, DOCTOR_OIDC_STATE_MISMATCH
 */
import { compactVerify, importJWK, type JWK } from 'jose';
import { duration, type CheckTime, type Findings } from '../findings.ts';
import type { Expectations, Sourced } from '../metadata/expectations.ts';
import { numericDate, type IdTokenRead } from './read-id-token.ts';

/** An authorization request seen in the same capture (a HAR), with what it fixes for its answer. */
export interface AuthorizationRequestSeen {
  params: Record<string, string>;
  endpoint: string;
}

export interface OidcCheckInput {
  idToken: IdTokenRead;
  expectations: Expectations;
  time: CheckTime;
  /** The last authorization request before this token in the capture, if any. */
  request: AuthorizationRequestSeen | undefined;
}

const GENERAL_TAB = "the Okta app's General tab";

/** The issuer of an Okta authorization server from its authorize endpoint (…/oauth2/v1/authorize, …/oauth2/{id}/v1/authorize). */
export function issuerOfEndpoint(endpoint: string): string | undefined {
  const match = /^(https?:\/\/[^/]+)(?:\/oauth2\/v1\/authorize|(\/oauth2\/[^/]+)\/v1\/authorize)$/.exec(endpoint);
  return match ? `${match[1]}${match[2] ?? ''}` : undefined;
}

function expected(input: OidcCheckInput, own: Sourced<string> | undefined, fromRequest: string | undefined, what: string): Sourced<string> | undefined {
  if (own) return own;
  return fromRequest ? { value: fromRequest, from: `the ${what} of the authorization request in this capture` } : undefined;
}

export function checkAlgorithm({ idToken }: OidcCheckInput, found: Findings): void {
  const alg = idToken.header['alg'];
  if (alg === 'RS256') return;
  found.cause(
    'DOCTOR_OIDC_ALG_NOT_ALLOWED',
    `alg is ${JSON.stringify(alg)}; Okta signs id_tokens with RS256`,
    alg === 'none' || (typeof alg === 'string' && alg.startsWith('HS'))
      ? 'nothing to set in Okta: this token was not signed by Okta (alg none or an HMAC is what a forged token uses); the SP must accept RS256 only'
      : 'nothing to set in Okta for the org authorization server; the SP must accept RS256, the algorithm Okta publishes in id_token_signing_alg_values_supported',
  );
  for (const member of ['jku', 'x5u', 'jwk', 'x5c']) {
    if (member in idToken.header) found.note(`the header carries "${member}": an SP must take keys only from the issuer's jwks_uri, never from the token`);
  }
}

export async function checkKey({ idToken, expectations }: OidcCheckInput, found: Findings): Promise<void> {
  const jwks = expectations.jwks;
  if (!jwks) {
    found.note('signature not checked: give --idp-metadata with the discovery URL, or with the JWKS (keys) as a file');
    return;
  }
  const kid = idToken.header['kid'];
  const rsaKeys = jwks.value.filter((key) => key.kty === 'RSA');
  let key: JWK | undefined;
  if (typeof kid === 'string') {
    key = jwks.value.find((candidate) => candidate.kid === kid);
    if (!key) {
      found.cause(
        'DOCTOR_OIDC_KID_UNKNOWN',
        `kid ${kid} is not in ${jwks.from} (its kids: ${jwks.value.map((candidate) => candidate.kid ?? '(none)').join(', ') || 'none'})`,
        "Okta rotated its signing keys, or the SP reads another org's or authorization server's keys: the SP must fetch the jwks_uri of the issuer it trusts again when it meets an unknown kid (no caching forever)",
      );
      return;
    }
  } else if (rsaKeys.length === 1) {
    key = rsaKeys[0];
  } else {
    found.note(`no kid in the header and ${rsaKeys.length} RSA keys in ${jwks.from}: an SP must try each or refuse`);
    return;
  }
  if (idToken.header['alg'] !== 'RS256' || !key) return;
  try {
    await compactVerify(idToken.token, await importJWK(key, 'RS256'));
  } catch (error) {
    found.cause(
      'DOCTOR_OIDC_SIGNATURE_INVALID',
      `the signature does not verify with key ${String(key.kid ?? '(no kid)')} of ${jwks.from}: ${error instanceof Error ? error.message : String(error)}`,
      'nothing to set in Okta: the token was changed after Okta signed it (or copied incompletely); capture it again',
    );
  }
}

export function checkIssuer(input: OidcCheckInput, found: Findings): void {
  const iss = input.idToken.payload['iss'];
  const want = expected(input, input.expectations.oidcIssuer, input.request ? issuerOfEndpoint(input.request.endpoint) : undefined, 'authorize endpoint');
  if (!want) {
    found.note(`iss ${JSON.stringify(iss)} not compared: give --idp-metadata with the discovery document`);
    return;
  }
  if (iss !== want.value) {
    found.cause(
      'DOCTOR_OIDC_ISSUER_MISMATCH',
      `iss is ${JSON.stringify(iss)}; the SP expects ${want.value} (${want.from})`,
      "the SP and the token disagree on the authorization server: Okta's org authorization server is https://{yourOktaDomain}, a custom one https://{yourOktaDomain}/oauth2/default (or /oauth2/{id}); set the SP's issuer to the one in the token, or send sign-ins to the server the SP trusts",
    );
  }
}

export function checkAudience(input: OidcCheckInput, found: Findings): void {
  const { payload } = input.idToken;
  const aud = payload['aud'];
  const audiences = Array.isArray(aud) ? aud.filter((item): item is string => typeof item === 'string') : typeof aud === 'string' ? [aud] : [];
  const want = expected(input, input.expectations.clientId, input.request?.params['client_id'], 'client_id');
  if (!want) {
    found.note(`aud ${JSON.stringify(aud)} not compared: give --client-id`);
    return;
  }
  if (!audiences.includes(want.value)) {
    found.cause(
      'DOCTOR_OIDC_AUDIENCE_MISMATCH',
      `aud is ${JSON.stringify(aud)}; the SP's Client ID is ${want.value} (${want.from})`,
      `copy the Client ID from ${GENERAL_TAB} (Client Credentials) into the SP: the token was issued to another app`,
    );
    return;
  }
  if (audiences.length > 1 && payload['azp'] !== want.value) {
    found.cause(
      'DOCTOR_OIDC_AUDIENCE_MISMATCH',
      `aud lists ${audiences.length} audiences and azp is ${JSON.stringify(payload['azp'])}, not the SP's Client ID ${want.value}`,
      'nothing to set in Okta: Okta issues id_tokens to one client; the token was altered',
    );
  }
}

export function checkTimes({ idToken, time }: OidcCheckInput, found: Findings): void {
  const at = time.at.getTime();
  const skew = time.skewSeconds * 1000;
  const exp = numericDate(idToken.payload['exp']);
  const iat = numericDate(idToken.payload['iat']);
  const nbf = numericDate(idToken.payload['nbf']);
  const clocks = iat === undefined ? '' : ` Okta issued it at ${new Date(iat).toISOString()} (iat); checked at ${time.at.toISOString()} (${time.from}).`;
  if (exp === undefined) {
    found.cause('DOCTOR_OIDC_EXPIRED', 'the id_token has no exp', 'nothing to set in Okta: Okta always sets exp; the token was altered');
  } else if (at - skew >= exp) {
    found.cause(
      'DOCTOR_OIDC_EXPIRED',
      `the id_token expired at ${new Date(exp).toISOString()} (exp), ${duration(at - exp)} before the time of checking, beyond the ${time.skewSeconds} s clock skew allowed.${clocks}`,
      "if the SP checked it right after Okta issued it, the SP's clock is ahead: sync it (NTP). Otherwise it was used late or replayed: sign in again. The lifetime is set by the authorization server's access policy, not the app",
    );
  }
  for (const [claim, value] of [
    ['iat', iat],
    ['nbf', nbf],
  ] as const) {
    if (value !== undefined && value - skew > at) {
      found.cause(
        'DOCTOR_OIDC_NOT_YET_VALID',
        `${claim} is ${new Date(value).toISOString()}, ${duration(value - at)} after the time of checking (${time.at.toISOString()}, ${time.from}), beyond the ${time.skewSeconds} s clock skew allowed: the SP's clock is behind Okta's`,
        "sync the SP's clock (NTP), or allow a little clock skew in the SP",
      );
    }
  }
  if (time.from === 'now' && iat !== undefined && at - iat > 10 * 60_000) {
    found.note(`checked against the current time, ${duration(at - iat)} after Okta issued it: give --at with the time the SP received it`);
  }
}

export function checkNonce(input: OidcCheckInput, found: Findings): void {
  const nonce = input.idToken.payload['nonce'];
  const want = expected(input, input.expectations.nonce, input.request?.params['nonce'], 'nonce');
  if (!want) {
    if (nonce === undefined) found.note('no nonce: right for a token Okta POSTs from the dashboard (Okta Simplified); an SP that sent a nonce refuses it');
    return;
  }
  if (nonce === undefined) {
    found.cause(
      'DOCTOR_OIDC_NONCE_MISSING',
      `the SP sent nonce ${want.value} (${want.from}) and the id_token carries none`,
      'the token does not answer the SP\'s request: it came from the Okta dashboard (Okta Simplified, which has no nonce) or another flow; set Login initiated by to "Either Okta or App" with "Redirect to app to initiate login (OIDC Compliant)" in the app\'s General tab, so tiles start at the SP',
    );
  } else if (nonce !== want.value) {
    found.cause(
      'DOCTOR_OIDC_NONCE_MISMATCH',
      `the id_token's nonce is ${JSON.stringify(nonce)}; the SP sent ${want.value} (${want.from})`,
      'nothing to set in Okta: the token answers another sign-in (an old tab, a replay); sign in again from the SP in one tab',
    );
  }
}

export function checkEmail(input: OidcCheckInput, found: Findings): void {
  const { payload } = input.idToken;
  if (typeof payload['email'] !== 'string' || payload['email'] === '') {
    const scope = input.request?.params['scope'];
    found.cause(
      'DOCTOR_OIDC_EMAIL_MISSING',
      `the id_token has no email claim${scope !== undefined ? ` (the SP asked for scope "${scope}")` : ''}`,
      'the SP must ask for the email scope (scope=openid email profile); Okta then puts email in the id_token (or the SP reads it from userinfo)',
    );
  } else if (payload['email_verified'] === false) {
    found.cause(
      'DOCTOR_OIDC_EMAIL_UNVERIFIED',
      `email_verified is false for ${payload['email']}`,
      "the person's primary email is not verified in Okta (Directory → People → the person: verify the email, or the admin sets it as verified); or the SP accepts unverified emails from its own Okta org",
    );
  }
}

export function checkAuthorizationResponse(params: Record<string, string>, request: AuthorizationRequestSeen | undefined, found: Findings): void {
  const error = params['error'];
  if (error !== undefined) {
    const description = params['error_description'];
    const fix =
      error === 'access_denied' && /not assigned/i.test(description ?? '') ? "assign the person to the app in the Okta app's Assignments tab (directly or through a group)"
      : error === 'access_denied' ? "the person, or a sign-on policy, denied the sign-in: check the app's Assignments and the authorization server's access policies"
      : error === 'invalid_scope' ? "the SP asked for a scope the authorization server does not grant: ask for openid email profile, or add the scope to the authorization server's access policy"
      : error === 'unauthorized_client' || /response_type|grant/i.test(description ?? '') ? `the app does not allow the grant or response type the SP asked for (response_type=${request?.params['response_type'] ?? '?'}): tick it under Grant type in ${GENERAL_TAB} (Authorization Code for response_type=code)`
      : error === 'login_required' ? 'the SP asked for prompt=none and the person had no Okta session: the SP must retry without prompt=none'
      : 'read error_description; the SP sent a request Okta refused';
    found.cause('DOCTOR_OIDC_ERROR_RESPONSE', `Okta answered error=${error}${description ? ` ("${description}")` : ''}`, fix);
  }
  const sent = request?.params['state'];
  if (sent !== undefined && params['state'] !== sent) {
    found.cause(
      'DOCTOR_OIDC_STATE_MISMATCH',
      `state is ${params['state'] === undefined ? '(none)' : JSON.stringify(params['state'])}; the SP sent ${sent} (the authorization request in this capture)`,
      'nothing to set in Okta: the answer belongs to another sign-in (an old tab, a second attempt) or was altered; start again from the SP in one tab',
    );
  }
}

const IDP_PAGE_FIXES: Record<string, string> = {
  IDP_USER_NOT_ASSIGNED: "assign the person to the app in the Okta app's Assignments tab (directly or through a group)",
  IDP_USER_INACTIVE: 'the person is suspended or deactivated in Okta: Directory → People → the person → Unsuspend or Activate',
  IDP_SAML_REQUEST_UNKNOWN_ACS: "the SP's AuthnRequest names an ACS URL the app does not list: set Single sign-on URL to it, or add it under Other Requestable SSO URLs in the app's SAML settings",
  IDP_SAML_REQUEST_MALFORMED: "Okta could not read the SP's AuthnRequest: the SP must send a SAML 2.0 AuthnRequest with an ID, deflated on the Redirect binding",
  IDP_OIDC_REDIRECT_URI_NOT_REGISTERED: `add the SP's redirect URI to Sign-in redirect URIs in ${GENERAL_TAB}`,
  IDP_OIDC_CLIENT_UNKNOWN: `the SP's Client ID is not an app of this org: copy the Client ID from ${GENERAL_TAB}`,
  IDP_APP_NOT_FOUND: "the SP's Sign on URL is not an app of this org (an old URL): copy the Identity Provider Single Sign-On URL from the app's View SAML setup instructions, or import its metadata again",
  IDP_APP_LOGIN_NOT_INITIATED_BY_OKTA: 'set Login initiated by to "Either Okta or App" in the app\'s General tab to launch it from the dashboard',
};

export function checkIdpPage(code: string, text: string, found: Findings): void {
  found.cause(
    'DOCTOR_IDP_REFUSED',
    `Okta showed its error page ${code} ("${text}"): it sent nothing to the SP`,
    (Object.hasOwn(IDP_PAGE_FIXES, code) ? IDP_PAGE_FIXES[code] : undefined) ?? 'read the page: Okta refused before sending anything to the SP',
  );
}

export const ID_TOKEN_CHECKS = [checkAlgorithm, checkKey, checkIssuer, checkAudience, checkTimes, checkNonce, checkEmail] as const;
