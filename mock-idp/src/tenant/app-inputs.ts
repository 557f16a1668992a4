/**
 * An app body of either kind, chosen by `signOnMode` as Okta's API does: SAML_2_0 or OPENID_CONNECT.
 * Shared by the tenant loader and POST /api/v1/apps, so both accept and refuse the same things.
 */
import { Issues, join, readOneOf, type Fields } from './fields.ts';
import { readSamlAppInput, type SamlAppInput } from './inputs.ts';
import { readOidcAppInput, type OidcAppInput } from './oidc-inputs.ts';
import type { SignOnMode } from './model.ts';

export type AppInput = SamlAppInput | OidcAppInput;

export const SIGN_ON_MODES: readonly SignOnMode[] = ['SAML_2_0', 'OPENID_CONNECT'];

export function readAppInput(body: Fields, path: string, issues: Issues): AppInput {
  const mode = readOneOf(body, 'signOnMode', path, issues, SIGN_ON_MODES);
  if (mode === 'OPENID_CONNECT') return readOidcAppInput(body, path, issues);
  if (!mode && body['signOnMode'] === undefined) issues.add(join(path, 'signOnMode'), 'is required (SAML_2_0 or OPENID_CONNECT)');
  // Without a valid mode the SAML reader still runs, so one pass names every other bad field too.
  return readSamlAppInput({ ...body, signOnMode: 'SAML_2_0' }, path, issues);
}
