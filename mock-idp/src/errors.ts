/**
 * One error class for every refusal the mock IdP makes. Callers (tests, the harness, people reading a
 * page) switch on `code`, never on the message. The message is safe to show: it never carries a stack
 * trace, a password, or a key.
 *
 * Browser routes render IdpError as Okta's error page; the Management API renders OktaApiError as
 * Okta's JSON error body. The central handlers live in ./http-errors.ts.
 */
import { randomId } from './ids.ts';

export const IDP_ERROR_CODES = [
  'IDP_APP_NOT_FOUND',
  'IDP_USER_NOT_ASSIGNED',
  'IDP_SAML_REQUEST_MALFORMED',
  'IDP_SAML_REQUEST_UNKNOWN_ACS',
  // SAML Single Logout (src/saml/slo-endpoint.ts): the app has no SLO enabled, a logout message that
  // cannot be read or is not for this app, one without a valid signature by the SP's certificate, a
  // LogoutResponse that answers no logout in progress.
  'IDP_SAML_LOGOUT_NOT_ENABLED',
  'IDP_SAML_LOGOUT_MALFORMED',
  'IDP_SAML_LOGOUT_SIGNATURE_INVALID',
  'IDP_SAML_LOGOUT_UNEXPECTED',
  'IDP_SIGNIN_FAILED',
  'IDP_SIGNIN_REQUIRED',
  'IDP_SIGNIN_REDIRECT_INVALID',
  'IDP_USER_INACTIVE',
  'IDP_TENANT_INVALID',
  'IDP_NOT_FOUND',
  'IDP_REQUEST_INVALID',
  'IDP_INTERNAL_ERROR',
  // Limits (src/limits.ts): a bound reached (429), a body too large (413), a body of the wrong type
  // (415), a browser write from another site (403), options out of range at start.
  'IDP_LIMIT_REACHED',
  'IDP_REQUEST_TOO_LARGE',
  'IDP_UNSUPPORTED_MEDIA_TYPE',
  'IDP_CROSS_SITE_REQUEST',
  'IDP_OPTIONS_INVALID',
  // The dashboard: an app whose "Login initiated by" is App Only cannot be launched from a tile.
  'IDP_APP_LOGIN_NOT_INITIATED_BY_OKTA',
  // OpenID Connect (src/oidc): oidc-provider's OAuth errors, mapped to stable codes.
  'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED',
  'IDP_OIDC_CLIENT_UNKNOWN',
  'IDP_OIDC_CLIENT_UNAUTHORIZED',
  'IDP_OIDC_REQUEST_INVALID',
  'IDP_OIDC_INTERACTION_EXPIRED',
  // Not an error: the page RP-initiated logout ends on when the app gave no post-logout URI.
  'IDP_SIGNED_OUT',
  // The state directory (--state-dir, src/state/) or the local CA kept in it cannot be read or written.
  'IDP_STATE_INVALID',
] as const;

export type IdpErrorCode = (typeof IDP_ERROR_CODES)[number];

export function isIdpErrorCode(value: string): value is IdpErrorCode {
  return (IDP_ERROR_CODES as readonly string[]).includes(value);
}

export class IdpError extends Error {
  override readonly name = 'IdpError';
  constructor(
    readonly code: IdpErrorCode,
    readonly status: number,
    message: string,
    /** The heading of Okta's error page; the message is its text. */
    readonly title: string = 'Something went wrong',
  ) {
    super(message);
  }
}

/** The one refusal with Okta's own words, which people recognise and guides quote. */
export function userNotAssigned(): IdpError {
  return new IdpError('IDP_USER_NOT_ASSIGNED', 403, 'User is not assigned to this application', 'You are not allowed to access this app');
}

/**
 * E0000001 validation (also a body too large or of the wrong type, with 413/415), E0000006 forbidden,
 * E0000007 not found, E0000011 invalid token, E0000031 a `filter` or `search` expression Okta does
 * not accept, E0000056 deleting an app that is still active, E0000047 a limit reached (Okta's rate
 * limit error, 429), E0000009 internal error (never expected: the fuzz tests look for it).
 */
export type OktaErrorCode = 'E0000001' | 'E0000006' | 'E0000007' | 'E0000011' | 'E0000031' | 'E0000056' | 'E0000047' | 'E0000009';

/** Okta's Management API error body (components/schemas/Error in okta-mgmt.yaml). */
export interface OktaErrorBody {
  errorCode: OktaErrorCode;
  errorSummary: string;
  errorLink: OktaErrorCode;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export class OktaApiError extends Error {
  override readonly name = 'OktaApiError';
  constructor(
    readonly errorCode: OktaErrorCode,
    readonly status: number,
    readonly errorSummary: string,
    readonly errorCauses: string[] = [],
  ) {
    super(errorSummary);
  }

  toJSON(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      errorId: `oae${randomId(19)}`,
      errorCauses: this.errorCauses.map((errorSummary) => ({ errorSummary })),
    };
  }
}

/** One-line factories for the cases the API has, with Okta's summaries. */
export const oktaErrors = {
  validation: (causes: string[]) => new OktaApiError('E0000001', 400, 'Api validation failed: ' + (causes[0]?.split(':')[0] ?? 'request'), causes),
  notFound: (what: string) => new OktaApiError('E0000007', 404, `Not found: Resource not found: ${what}`),
  invalidToken: () => new OktaApiError('E0000011', 401, 'Invalid token provided'),
  forbidden: () => new OktaApiError('E0000006', 403, 'You do not have permission to perform the requested action'),
  limitReached: (cause: string) => new OktaApiError('E0000047', 429, 'API call exceeded rate limit due to too many requests.', [cause]),
};

/**
 * A bound of src/limits.ts was reached. On a page it is IDP_LIMIT_REACHED (429); on /api/v1 and
 * /mock/v1 it becomes E0000047 with the limit's option name in errorCauses, so an operator knows
 * which option to raise.
 */
export class LimitReachedError extends IdpError {
  constructor(
    /** The option that sets the bound, e.g. `maxOrgs`. */
    readonly limit: string,
    readonly value: number,
    what: string,
  ) {
    super('IDP_LIMIT_REACHED', 429, `The mock IdP holds ${what} already (limit ${limit} = ${value}). Try again later, or raise the limit.`, 'Too many requests');
  }
}
