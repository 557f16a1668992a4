// What the admin types as the OP ("Okta domain" in the Inigo/SpinOne guides, "Issuer URL" in
// Insomnia's) → the issuer identifier the SP stores and compares exactly.
//
//   dev-123.okta.com                → https://dev-123.okta.com   (a bare domain means https)
//   https://dev-123.okta.com/       → https://dev-123.okta.com   (Okta's issuers have no trailing /)
//   http://127.0.0.1:5000/oauth2/default stays as is: plain http only on loopback (the local mock);
//   anywhere else http would let a network attacker swap the OP's keys → SSO_OIDC_ISSUER_INSECURE.
import { SpError } from '../errors.ts';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** 127.0.0.0/8, localhost and ::1: the only hosts the SP talks plain http to. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** A URL the SP may fetch from or send users to for this OP: https, or http on loopback. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

function invalid(message: string): SpError {
  return new SpError('SSO_SETTINGS_INVALID', 400, message);
}

export function normalizeIssuer(input: string): string {
  const raw = input.trim();
  if (!raw) throw invalid('the issuer (or Okta domain) is required');
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw invalid('the issuer must be an Okta domain such as dev-123.okta.com or an https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('the issuer must be an https URL');
  // An issuer identifier has no query, fragment or credentials (OIDC Discovery §2).
  if (url.search || url.hash || url.username || url.password) throw invalid('the issuer must not have a query, fragment or credentials');
  if (!isSecureOrLoopback(url)) {
    throw new SpError('SSO_OIDC_ISSUER_INSECURE', 400, 'the issuer must use https (plain http is accepted only on this machine: 127.0.0.1, localhost, ::1)');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
