/**
 * `saml.signing`: one mutation, `sign`, that changes the signing plan (../../saml/sign-with-plan.ts):
 * what is signed, with which key, algorithms, transforms, Reference and placement. Fields left out
 * keep the app's settings; several `sign` mutations in a run apply in order, the later winning.
 *
 * Key choices: `app` (the app's own key), `attacker` (a fresh RSA key and self-signed certificate made
 * once per org on first use and kept in memory only, see ./keys.ts), or another SAML app of the same
 * org, as `{ appId }` or its bare id (the cross-tenant case: validly signed, but by an IdP the SP does
 * not trust for this connection). `enveloped-signature` is accepted for the transform `enveloped`.
 */
import { isObject, join, readOneOf, type Fields, type Issues } from '../../tenant/fields.ts';
import {
  HMAC_KEY_CHOICES,
  KEY_INFO_CHOICES,
  REFERENCE_URI_CHOICES,
  SIGNATURE_LOCATIONS,
  SIGN_CHOICES,
  type SigningPlan,
} from '../../saml/sign-with-plan.ts';
import { CANONICALIZATIONS, DIGESTS, SIGNATURE_METHODS, TRANSFORMS, type TransformName } from '../../saml/xmldsig.ts';
import { notApplied, type SigningMutation } from './context.ts';
import { onlyParams } from './params.ts';

const APP_ID = /^0oa[0-9A-Za-z]{17}$/;
const MAX_TRANSFORMS = 8;
const FIELDS = [
  'response',
  'assertion',
  'key',
  'keyInfo',
  'signatureAlgorithm',
  'hmacKey',
  'digestAlgorithm',
  'canonicalization',
  'transforms',
  'referenceUri',
  'signatureLocation',
] as const;

export type SignParams = Partial<SigningPlan>;

const names = <T extends object>(table: T) => Object.keys(table) as (keyof T & string)[];

function readTransforms(raw: Fields, path: string, issues: Issues): TransformName[] | undefined {
  const value = raw['transforms'];
  if (value === undefined) return undefined;
  const at = join(path, 'transforms');
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TRANSFORMS) {
    issues.add(at, `must be a list of 1 to ${MAX_TRANSFORMS} transforms (${names(TRANSFORMS).join(', ')})`);
    return undefined;
  }
  const known = names(TRANSFORMS);
  const read = value.map((item) => (item === 'enveloped-signature' ? 'enveloped' : item));
  read.forEach((item, index) => {
    if (typeof item !== 'string' || !(known as string[]).includes(item)) issues.add(join(at, index), `must be one of ${known.join(', ')}`);
  });
  return read as TransformName[];
}

/** `key`: app | attacker | { appId } | a bare app id. */
function readKey(raw: Fields, path: string, issues: Issues): string | undefined {
  const value = raw['key'];
  if (value === undefined) return undefined;
  if (isObject(value)) {
    onlyParams(value, join(path, 'key'), issues, ['appId']);
    const appId = value['appId'];
    if (typeof appId === 'string' && APP_ID.test(appId)) return appId;
    issues.add(join(join(path, 'key'), 'appId'), 'must be the id of another SAML app of this org (0oa…)');
    return undefined;
  }
  if (value === 'app' || value === 'attacker' || (typeof value === 'string' && APP_ID.test(value))) return value;
  issues.add(join(path, 'key'), 'must be app, attacker, or { appId: the id of another SAML app of this org (0oa…) }');
  return undefined;
}

export const signMutation: SigningMutation<SignParams> = {
  name: 'sign',
  point: 'saml.signing',
  summary: 'Changes how the Response is signed: Response/Assertion unsigned, another or an attacker key, KeyInfo, SHA-1/HMAC, transforms, Reference URI, Signature placement.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, FIELDS);
    if (Object.keys(raw).length === 0) issues.add(path, `must set at least one of ${FIELDS.join(', ')}`);
    const params: SignParams = {};
    const set = <K extends keyof SigningPlan>(key: K, value: SigningPlan[K] | undefined) => {
      if (value !== undefined) params[key] = value;
    };
    set('response', readOneOf(raw, 'response', path, issues, SIGN_CHOICES));
    set('assertion', readOneOf(raw, 'assertion', path, issues, SIGN_CHOICES));
    set('key', readKey(raw, path, issues));
    set('keyInfo', readOneOf(raw, 'keyInfo', path, issues, KEY_INFO_CHOICES));
    set('signatureAlgorithm', readOneOf(raw, 'signatureAlgorithm', path, issues, names(SIGNATURE_METHODS)));
    set('hmacKey', readOneOf(raw, 'hmacKey', path, issues, HMAC_KEY_CHOICES));
    set('digestAlgorithm', readOneOf(raw, 'digestAlgorithm', path, issues, names(DIGESTS)));
    set('canonicalization', readOneOf(raw, 'canonicalization', path, issues, names(CANONICALIZATIONS)));
    set('transforms', readTransforms(raw, path, issues));
    set('referenceUri', readOneOf(raw, 'referenceUri', path, issues, REFERENCE_URI_CHOICES));
    set('signatureLocation', readOneOf(raw, 'signatureLocation', path, issues, SIGNATURE_LOCATIONS));
    return params;
  },
  apply(plan, params, ctx) {
    if (params.key !== undefined && params.key !== 'app' && params.key !== 'attacker') {
      const other = ctx.org.store.getApp(params.key);
      if (!other || other.signOnMode !== 'SAML_2_0') return notApplied(`no SAML app ${params.key} in this org to sign with`);
      if (other.id === ctx.app.id) return notApplied(`${params.key} is the app being signed in to: use key app`);
    }
    return { ...plan, ...params };
  },
};
