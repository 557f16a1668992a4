// Portal key rule: 3–64 characters of [A-Za-z0-9_-]. Uniqueness is checked by the settings service.
import { SpError } from '../errors.ts';

export const PORTAL_KEY_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

export function validatePortalKey(input: string): string {
  const key = input.trim();
  if (!PORTAL_KEY_PATTERN.test(key)) {
    throw new SpError('SSO_PORTAL_KEY_INVALID', 400, 'the portal key must be 3–64 characters: letters, digits, _ or -');
  }
  return key;
}
