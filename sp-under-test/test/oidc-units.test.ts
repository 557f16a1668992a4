// Pure parts of the OIDC side: issuer normalisation, the return-path rule, the state check, the
// email rule and the one error table (openid-client and jose errors → codes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors as joseErrors } from 'jose';
import * as client from 'openid-client';
import type { PendingOidcLogin } from '../src/model.ts';
import { checkNoErrorResponse } from '../src/oidc/checks/check-error-response.ts';
import { checkOidcState, type StateContext } from '../src/oidc/checks/check-state.ts';
import { extractOidcEmail } from '../src/oidc/checks/extract-email.ts';
import { DEFAULT_RETURN_PATH, safeReturnPath } from '../src/oidc/checks/return-path.ts';
import { normalizeIssuer } from '../src/oidc/issuer.ts';
import { codeForOidcError } from '../src/oidc/oidc-errors.ts';
import { OpHttpError } from '../src/oidc/op-http.ts';
import { spErrorCode } from './helpers/sp-error-code.ts';


void describe('normalizeIssuer', () => {
  const ok: Array<[string, string]> = [
    ['dev-123.okta.com', 'https://dev-123.okta.com'],
    [' Dev-123.Okta.com/ ', 'https://dev-123.okta.com'],
    ['dev-123.okta.com/oauth2/default', 'https://dev-123.okta.com/oauth2/default'],
    ['https://dev-123.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9/', 'https://dev-123.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['http://127.0.0.1:5000/oauth2/default', 'http://127.0.0.1:5000/oauth2/default'],
    ['http://localhost:5000', 'http://localhost:5000'],
    ['http://127.9.8.7', 'http://127.9.8.7'],
    ['http://[::1]:5000', 'http://[::1]:5000'],
  ];
  for (const [input, expected] of ok) void it(`${input} → ${expected}`, () => assert.equal(normalizeIssuer(input), expected));

  const refused: Array<[string, string]> = [
    ['http://dev-123.okta.com', 'SSO_OIDC_ISSUER_INSECURE'],
    ['http://192.168.1.10:5000', 'SSO_OIDC_ISSUER_INSECURE'],
    ['http://127.0.0.1.evil.example', 'SSO_OIDC_ISSUER_INSECURE'],
    ['http://localhost.evil.example', 'SSO_OIDC_ISSUER_INSECURE'],
    ['', 'SSO_SETTINGS_INVALID'],
    ['ftp://dev-123.okta.com', 'SSO_SETTINGS_INVALID'],
    ['https://dev-123.okta.com?x=1', 'SSO_SETTINGS_INVALID'],
    ['https://user:pw@dev-123.okta.com', 'SSO_SETTINGS_INVALID'],
    ['https://', 'SSO_SETTINGS_INVALID'],
  ];
  for (const [input, expected] of refused) void it(`${JSON.stringify(input)} is refused with ${expected}`, () => assert.equal(spErrorCode(() => normalizeIssuer(input)), expected));
});

void describe('safeReturnPath (target_link_uri)', () => {
  const base = 'http://127.0.0.1:7100';
  const cases: Array<[string | undefined, string]> = [
    [undefined, '/home'],
    ['/home?tab=1', '/home?tab=1'],
    ['http://127.0.0.1:7100/settings/sso', '/settings/sso'],
    ['http://127.0.0.1:7101/home', '/home'],
    ['https://evil.example/', '/home'],
    ['//evil.example/', '/home'],
    ['/\\evil.example/', '/home'],
    ['javascript:alert(1)', '/home'],
    ['home', '/home'],
  ];
  for (const [target, expected] of cases) void it(`${String(target)} → ${expected}`, () => assert.equal(safeReturnPath(target, base), expected));
});

void describe('checkOidcState', () => {
  const pending: PendingOidcLogin = { state: 's', nonce: 'n', codeVerifier: 'v', orgId: 'o1', sessionId: 'b1', issuer: 'https://op', returnTo: DEFAULT_RETURN_PATH, expiresAt: 1000, invitationToken: null, startedBy: 'sp' };
  const ctx: StateContext = { orgId: 'o1', sessionId: 'b1', issuer: 'https://op', nowMs: 500 };
  void it('accepts the pending login of this browser, org and issuer', () => assert.equal(checkOidcState('s', pending, ctx), pending));
  const refused: Array<[string, string | null, PendingOidcLogin | undefined, StateContext]> = [
    ['no state', null, pending, ctx],
    ['an unknown or used state', 's', undefined, ctx],
    ['another browser', 's', pending, { ...ctx, sessionId: 'b2' }],
    ['no browser session', 's', pending, { ...ctx, sessionId: null }],
    ['another org', 's', pending, { ...ctx, orgId: 'o2' }],
    ['an org that changed its issuer', 's', pending, { ...ctx, issuer: 'https://other' }],
    ['expired', 's', pending, { ...ctx, nowMs: 1000 }],
  ];
  for (const [name, state, p, c] of refused) void it(`refuses ${name}`, () => assert.equal(spErrorCode(() => checkOidcState(state, p, c)), 'SSO_OIDC_STATE_MISMATCH'));
});

void describe('checkNoErrorResponse and extractOidcEmail', () => {
  void it('an error parameter is SSO_OIDC_ERROR_RESPONSE; none passes', () => {
    assert.equal(spErrorCode(() => checkNoErrorResponse(new URLSearchParams('error=access_denied&state=x'))), 'SSO_OIDC_ERROR_RESPONSE');
    assert.equal(spErrorCode(() => checkNoErrorResponse(new URLSearchParams('code=c&state=x'))), null);
  });
  void it('the email is lower-cased; absent gives null; email_verified false or a non-email is refused', () => {
    assert.equal(extractOidcEmail({ email: 'Alice@Example.COM', email_verified: true }), 'alice@example.com');
    assert.equal(extractOidcEmail({ email: 'alice@example.com' }), 'alice@example.com');
    assert.equal(extractOidcEmail({ sub: 'x' }), null);
    assert.equal(spErrorCode(() => extractOidcEmail({ email: 'alice@example.com', email_verified: false })), 'SSO_EMAIL_UNVERIFIED');
    assert.equal(spErrorCode(() => extractOidcEmail({ email: 'not an email' })), 'SSO_EMAIL_MISSING');
    assert.equal(spErrorCode(() => extractOidcEmail({ email: ['a@b.example'] })), 'SSO_EMAIL_MISSING');
  });
});

void describe('the OIDC error table', () => {
  /** An openid-client ClientError as it wraps oauth4webapi's OperationProcessingError. */
  function clientError(codeName: string, message: string, cause: Record<string, unknown> = {}): Error {
    return new client.ClientError(message, { cause: Object.assign(new Error(message), { code: codeName, cause }), code: codeName } as ErrorOptions);
  }
  const claimError = (claim: string): Error => new joseErrors.JWTClaimValidationFailed('x', {}, claim, 'check_failed');
  const cases: Array<[string, unknown, string]> = [
    ['nonce comparison', clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT claim value encountered', { claim: 'nonce' }), 'SSO_OIDC_NONCE_MISMATCH'],
    ['iss comparison', clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT claim value encountered', { claim: 'iss' }), 'SSO_OIDC_ISSUER_MISMATCH'],
    ['aud comparison', clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT claim value encountered', { claim: 'aud' }), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['azp comparison', clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT claim value encountered', { claim: 'azp' }), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['authorization response iss (RFC 9207)', new client.ClientError('unexpected "iss" (issuer) response parameter value', { code: 'OAUTH_INVALID_RESPONSE' } as ErrorOptions), 'SSO_OIDC_ISSUER_MISMATCH'],
    ['a timestamp check', clientError('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'JWT timestamp claim value failed validation', { claim: 'exp' }), 'SSO_OIDC_TOKEN_INVALID'],
    ['jose iss', claimError('iss'), 'SSO_OIDC_ISSUER_MISMATCH'],
    ['jose aud', claimError('aud'), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['jose signature', new joseErrors.JWSSignatureVerificationFailed(), 'SSO_OIDC_TOKEN_INVALID'],
    ['jose alg not allowed', new joseErrors.JOSEAlgNotAllowed('alg'), 'SSO_OIDC_TOKEN_INVALID'],
    ['fetch failed', new TypeError('fetch failed'), 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    // openid-client wraps what it did not make: a timeout, and anything from the transport.
    ['an openid-client timeout (OAUTH_TIMEOUT)', new client.ClientError('operation timed out', { cause: new DOMException('timeout', 'TimeoutError'), code: 'OAUTH_TIMEOUT' } as ErrorOptions), 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['the transport: OP unavailable, wrapped', new client.ClientError('something went wrong', { cause: new OpHttpError('SP_OP_UNAVAILABLE', 'x answered HTTP 500') }), 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['the transport: too large, wrapped', new client.ClientError('something went wrong', { cause: new OpHttpError('SP_OP_RESPONSE_TOO_LARGE', 'x sent too much') }), 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
    ['a 5xx answer kept as the cause', new client.ClientError('unexpected HTTP response status code', { cause: new Response('', { status: 503 }), code: 'OAUTH_RESPONSE_IS_NOT_CONFORM' } as ErrorOptions), 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['a 4xx answer kept as the cause is the token being refused', new client.ClientError('unexpected HTTP response status code', { cause: new Response('', { status: 400 }), code: 'OAUTH_RESPONSE_IS_NOT_CONFORM' } as ErrorOptions), 'SSO_OIDC_TOKEN_INVALID'],
    ['a JWKS that is not there', new joseErrors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response'), 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['anything else', new Error('boom'), 'SSO_OIDC_TOKEN_INVALID'],
    ['not even an Error', 'boom', 'SSO_OIDC_TOKEN_INVALID'],
  ];
  for (const [name, err, expected] of cases) void it(`${name} → ${expected}`, () => assert.equal(codeForOidcError(err), expected));
});
