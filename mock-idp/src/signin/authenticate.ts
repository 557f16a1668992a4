/**
 * Who the browser is signed in as at this org, from the org's session cookie; and the sign-in check
 * itself (password, then status). A wrong login and a wrong password give the same answer.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { IdpError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { User } from '../tenant/model.ts';
import { sessionCookieName, type IdpSession } from './session-store.ts';

export interface SignedIn {
  user: User;
  session: IdpSession;
}

/**
 * The session id from the Cookie header itself, not from cookie-parser: the OIDC routes run before
 * it (oidc-provider must see the raw request). Session ids are base64url, so no decoding is needed.
 */
export function sessionIdOf(org: Org, req: IncomingMessage): string | undefined {
  const wanted = sessionCookieName(org.info.id);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === wanted) return part.slice(index + 1).trim() || undefined;
  }
  return undefined;
}

export function currentSignIn(org: Org, req: IncomingMessage): SignedIn | undefined {
  const session = org.sessions.get(sessionIdOf(org, req));
  const user = session && org.store.getUser(session.userId);
  return session && user ? { user, session } : undefined;
}

function samePassword(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function checkCredentials(org: Org, username: string, password: string): User {
  const user = org.store.findUserByLogin(username);
  if (!user || !samePassword(password, user.password)) {
    throw new IdpError('IDP_SIGNIN_FAILED', 401, 'Unable to sign in: the username or password is wrong.', 'Sign In');
  }
  if (user.status !== 'ACTIVE') {
    throw new IdpError('IDP_USER_INACTIVE', 403, 'This account is not active. Contact your administrator.', 'Sign In');
  }
  return user;
}
