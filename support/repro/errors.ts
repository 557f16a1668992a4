/** The codes `npm run repro` stops with (exit status 2): what it was given could not be set up. */
import { CodedError } from '../command-line.ts';

export const REPRO_ERROR_CODES = {
  REPRO_ARGS_INVALID: 'the command line is not valid',
  REPRO_FILE_UNREADABLE: 'the app or user file could not be read, or is not JSON',
  REPRO_APP_INVALID: "not an app as Okta's GET /api/v1/apps/{id} returns it",
  REPRO_APP_UNSUPPORTED: 'a sign-on mode the mock does not have (only SAML_2_0 and OPENID_CONNECT)',
  REPRO_USER_INVALID: 'not an Okta user or user profile',
  REPRO_SP_UNAVAILABLE: 'the SP or its driver could not be reached or loaded',
  REPRO_SP_REFUSED_SETUP: 'the SP refused the SSO settings the repro gave it',
  REPRO_BROWSER_UNAVAILABLE: 'no browser to sign in with',
  REPRO_OUT_UNWRITABLE: 'the --out tenant file could not be written',
  REPRO_RUN_FAILED: 'the sign-in could not be run to its end (what stopped it is named)',
} as const;
export type ReproErrorCode = keyof typeof REPRO_ERROR_CODES;

export class ReproError extends CodedError<ReproErrorCode> {
  override readonly name = 'ReproError';
}
