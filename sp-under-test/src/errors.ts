// One error class for the whole SP: every refusal carries a stable code and an HTTP status.
// Callers (tests, the harness) switch on `code`, never on the message text.

/** Codes for SSO refusals (shown on the refusal page as data-error-code). */
export type SsoErrorCode =
  | 'SSO_UNKNOWN_PORTAL_KEY'
  | 'SSO_NOT_CONFIGURED'
  | 'SSO_UNKNOWN_ORGANIZATION'
  | 'SSO_MALFORMED_RESPONSE'
  | 'SSO_SIGNATURE_INVALID'
  | 'SSO_DESTINATION_MISMATCH'
  | 'SSO_RECIPIENT_MISMATCH'
  | 'SSO_SUBJECT_CONFIRMATION_INVALID'
  | 'SSO_INRESPONSETO_MISMATCH'
  | 'SSO_UNSOLICITED_RESPONSE'
  | 'SSO_ASSERTION_REPLAYED'
  | 'SSO_ISSUER_MISMATCH'
  | 'SSO_STATUS_NOT_SUCCESS'
  | 'SSO_AUDIENCE_MISMATCH'
  | 'SSO_ASSERTION_EXPIRED'
  | 'SSO_EMAIL_MISSING'
  | 'SSO_USER_NOT_INVITED'
  | 'SSO_REQUIRED'
  | 'SSO_RESPONSE_INVALID'
  | 'SSO_EMAIL_UNVERIFIED'
  | 'SSO_OIDC_ERROR_RESPONSE'
  | 'SSO_OIDC_STATE_MISMATCH'
  | 'SSO_OIDC_TOKEN_INVALID'
  | 'SSO_OIDC_NONCE_MISMATCH'
  | 'SSO_OIDC_ISSUER_MISMATCH'
  | 'SSO_OIDC_AUDIENCE_MISMATCH'
  | 'SSO_OIDC_TOKEN_REPLAYED'
  | 'SSO_OIDC_PROVIDER_UNAVAILABLE'
  | 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'
  | 'SSO_RESPONSE_TOO_LARGE'
  | 'SSO_TOO_MANY_PENDING_SIGN_INS'
  | 'SSO_REPLAY_CACHE_FULL'
  | 'SSO_EMAIL_MISMATCH'
  | 'SSO_IDENTITY_MISMATCH'
  | 'SSO_EMAIL_CONFLICT'
  | 'SSO_EMAIL_OUTSIDE_DOMAINS'
  | 'SSO_DOMAIN_UNKNOWN'
  | 'SSO_INVITATION_INVALID'
  | 'SSO_JOIN_EXPIRED';

/** Codes for SSO settings validation (shown as data-error-code on sso-settings-error, and in the API). */
export type SettingsErrorCode =
  | 'SSO_METADATA_INVALID'
  | 'SSO_PORTAL_KEY_INVALID'
  | 'SSO_PORTAL_KEY_TAKEN'
  | 'SSO_CERTIFICATE_INVALID'
  | 'SSO_SETTINGS_INVALID'
  | 'SSO_PROTOCOL_UNSUPPORTED'
  | 'SSO_OIDC_DISCOVERY_FAILED'
  | 'SSO_OIDC_ISSUER_INSECURE'
  | 'SSO_DOMAIN_INVALID'
  | 'SSO_DOMAIN_TAKEN';

/** Everything else the app can refuse. */
export type AppErrorCode =
  | 'AUTH_REQUIRED'
  | 'FORBIDDEN'
  | 'CSRF_INVALID'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SIGNUP_INVALID'
  | 'SIGNUP_EMAIL_TAKEN'
  | 'SIGNIN_INVALID'
  | 'INVITE_INVALID'
  | 'INVITE_EMAIL_TAKEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'EXPECTATION_FAILED'
  | 'TOO_MANY_SESSIONS'
  | 'ORGANIZATION_LIMIT_REACHED'
  | 'ACCOUNT_LIMIT_REACHED'
  | 'INVITATION_INVALID'
  | 'INTERNAL_ERROR';

export type SpErrorCode = SsoErrorCode | SettingsErrorCode | AppErrorCode;

export class SpError extends Error {
  readonly code: SpErrorCode;
  readonly status: number;
  /** Form input to show again (settings/signup forms keep what the user typed). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: SpErrorCode, status: number, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SpError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Default HTTP status of each SSO refusal. */
const SSO_STATUS: Record<SsoErrorCode, number> = {
  SSO_UNKNOWN_PORTAL_KEY: 404,
  SSO_NOT_CONFIGURED: 409,
  SSO_UNKNOWN_ORGANIZATION: 404,
  SSO_MALFORMED_RESPONSE: 400,
  SSO_SIGNATURE_INVALID: 401,
  SSO_DESTINATION_MISMATCH: 401,
  SSO_RECIPIENT_MISMATCH: 401,
  SSO_SUBJECT_CONFIRMATION_INVALID: 401,
  SSO_INRESPONSETO_MISMATCH: 401,
  SSO_UNSOLICITED_RESPONSE: 401,
  SSO_ASSERTION_REPLAYED: 401,
  SSO_ISSUER_MISMATCH: 401,
  SSO_STATUS_NOT_SUCCESS: 401,
  SSO_AUDIENCE_MISMATCH: 401,
  SSO_ASSERTION_EXPIRED: 401,
  SSO_EMAIL_MISSING: 401,
  SSO_USER_NOT_INVITED: 403,
  SSO_REQUIRED: 403,
  SSO_RESPONSE_INVALID: 400,
  SSO_EMAIL_UNVERIFIED: 401,
  SSO_OIDC_ERROR_RESPONSE: 401,
  SSO_OIDC_STATE_MISMATCH: 401,
  SSO_OIDC_TOKEN_INVALID: 401,
  SSO_OIDC_NONCE_MISMATCH: 401,
  SSO_OIDC_ISSUER_MISMATCH: 401,
  SSO_OIDC_AUDIENCE_MISMATCH: 401,
  SSO_OIDC_TOKEN_REPLAYED: 401,
  // The OP could not be reached (discovery or token endpoint down): not the user's fault.
  SSO_OIDC_PROVIDER_UNAVAILABLE: 502,
  // The OP sent more than the SP reads from another server (limits.providerResponseBytes).
  SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE: 502,
  // The ACS body or the decoded SAMLResponse is over the limit (limits.acsBodyBytes, samlResponseBytes).
  SSO_RESPONSE_TOO_LARGE: 413,
  // A capacity limit of the SP (limits.maxPendingSignIns, maxReplayCacheEntries): try again later.
  SSO_TOO_MANY_PENDING_SIGN_INS: 503,
  SSO_REPLAY_CACHE_FULL: 503,
  // The account policy (src/policy/account-policy.ts).
  SSO_EMAIL_MISMATCH: 403,
  SSO_IDENTITY_MISMATCH: 403,
  SSO_EMAIL_CONFLICT: 409,
  SSO_EMAIL_OUTSIDE_DOMAINS: 403,
  SSO_DOMAIN_UNKNOWN: 404,
  SSO_INVITATION_INVALID: 410,
  SSO_JOIN_EXPIRED: 410,
};

/** One-line factory for SSO refusals. */
export function ssoError(code: SsoErrorCode, message: string): SpError {
  return new SpError(code, SSO_STATUS[code], message);
}

/** An SSO URL names an organization this SP does not have (deleted, or state lost in a restart). */
export function unknownOrganization(): SpError {
  return ssoError(
    'SSO_UNKNOWN_ORGANIZATION',
    'this sign-in is for an organization this service does not know (it was deleted, or this service lost its data in a restart). An administrator should compare the ACS URL or redirect URI in the identity provider with the ones shown in SSO settings.',
  );
}

export function isSsoErrorCode(code: string): code is SsoErrorCode {
  return Object.prototype.hasOwnProperty.call(SSO_STATUS, code);
}

export const SSO_ERROR_CODES = Object.keys(SSO_STATUS) as SsoErrorCode[];
