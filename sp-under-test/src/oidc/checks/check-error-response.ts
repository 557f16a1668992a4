// Rule: an authorization response carrying `error` (access_denied, login_required, …) ends the
// sign-in on the refusal page; the OP's error code is shown, its free text is logged only.
import { ssoError } from '../../errors.ts';

const OAUTH_ERROR = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,100}$/;

export function checkNoErrorResponse(params: URLSearchParams): void {
  const error = params.get('error');
  if (error === null) return;
  const shown = OAUTH_ERROR.test(error) ? error : 'invalid';
  throw ssoError('SSO_OIDC_ERROR_RESPONSE', `the identity provider answered with an error: ${shown}`);
}
