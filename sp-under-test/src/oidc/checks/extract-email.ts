// Identity: the `email` claim (id_token first, else userinfo), lower-cased. An email the OP itself
// marks unverified (`email_verified: false`) is refused: anyone can type an address into a profile
// (Core §5.7, nOAuth). Okta always sends email_verified; an absent one is accepted as Okta does.
import { ssoError } from '../../errors.ts';
import { NONE_WEAKENED, type Weakened } from '../../weakenings.ts';

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** The email, or null when the claims have none (then the caller asks userinfo). */
export function extractOidcEmail(claims: Record<string, unknown>, weakened: Weakened = NONE_WEAKENED): string | null {
  const email = claims.email;
  if (email === undefined || email === null || email === '') return null;
  if (typeof email !== 'string' || !EMAIL.test(email)) throw ssoError('SSO_EMAIL_MISSING', 'the email claim is not an email address');
  if ((claims.email_verified === false || claims.email_verified === 'false') && !weakened.has('oidc-email-verified')) {
    throw ssoError('SSO_EMAIL_UNVERIFIED', 'the identity provider says this email address is not verified');
  }
  return email.toLowerCase();
}
