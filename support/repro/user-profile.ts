/**
 * The person to sign in as: an Okta user as `GET /api/v1/users/{id}` returns it, or just its
 * profile. The mock gets the same login, email, names and status (a SUSPENDED user reproduces
 * Okta's refusal); the password is made up, since nobody exports one.
 */
import { randomBytes } from 'node:crypto';
import { ReproError } from './errors.ts';

type Json = Record<string, unknown>;

export interface CustomerUser {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'ACTIVE' | 'STAGED' | 'SUSPENDED' | 'DEPROVISIONED';
  password: string;
  /** The user as a tenant-file entry. */
  tenantUser: Json;
}

const STATUSES = ['ACTIVE', 'STAGED', 'SUSPENDED', 'DEPROVISIONED'] as const;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export function readCustomerUser(raw: unknown, source: string): CustomerUser {
  if (!isObject(raw)) throw new ReproError('REPRO_USER_INVALID', `${source}: a user is a JSON object (GET /api/v1/users/{id}, or its profile)`);
  const profile = isObject(raw['profile']) ? raw['profile'] : raw;
  const email = text(profile['email']) ?? (text(profile['login'])?.includes('@') ? text(profile['login']) : undefined);
  if (!email) throw new ReproError('REPRO_USER_INVALID', `${source}: profile.email is missing`);
  const login = text(profile['login']) ?? email;
  const status = raw['status'] === undefined ? 'ACTIVE' : raw['status'];
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw new ReproError('REPRO_USER_INVALID', `${source}: status ${JSON.stringify(status)} is not one of ${STATUSES.join(', ')}`);
  }
  const firstName = text(profile['firstName']) ?? 'Repro';
  const lastName = text(profile['lastName']) ?? 'User';
  const password = `Repro-${randomBytes(9).toString('base64url')}`;
  return {
    login,
    email,
    firstName,
    lastName,
    status: status as CustomerUser['status'],
    password,
    tenantUser: { status, profile: { login, email, firstName, lastName }, credentials: { password: { value: password } } },
  };
}
