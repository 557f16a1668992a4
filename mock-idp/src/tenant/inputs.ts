/**
 * Readers for the objects a tenant file and the Management API both describe (users, groups, SAML
 * apps), in Okta's JSON shape. Defaults are Okta's defaults for a new custom SAML 2.0 app; each is
 * written next to its field so the defaults document themselves.
 */
import { checkTemplate } from './expressions.ts';
import {
  Issues,
  isObject,
  join,
  readArray,
  readBoolean,
  readObject,
  readOneOf,
  readString,
  type Fields,
} from './fields.ts';
import {
  ATTRIBUTE_NAME_FORMATS,
  NAME_ID_FORMATS,
  USER_STATUSES,
  type AcsEndpoint,
  type AppVisibility,
  type NameIdFormat,
  type SamlAttributeStatement,
  type SamlSignOn,
  type UserNameTemplate,
  type UserProfile,
  type UserStatus,
} from './model.ts';

export interface UserInput {
  profile: UserProfile;
  password: string;
  status: UserStatus;
}

/** Okta's create-user body: `{profile: {login, email, firstName, lastName}, credentials: {password: {value}}}`. */
export function readUserInput(body: Fields, path: string, issues: Issues, defaultStatus: UserStatus = 'ACTIVE'): UserInput {
  const profilePath = join(path, 'profile');
  const profile = readObject(body, 'profile', path, issues, true);
  const email = readString(profile, 'email', profilePath, issues, { required: true }) ?? '';
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) issues.add(join(profilePath, 'email'), 'must be an email address');
  // Okta's login defaults to nothing; the mock takes the email, which is what guides ask for anyway.
  const login = readString(profile, 'login', profilePath, issues) || email;
  const firstName = readString(profile, 'firstName', profilePath, issues, { required: true }) ?? '';
  const lastName = readString(profile, 'lastName', profilePath, issues, { required: true }) ?? '';
  const credentials = readObject(body, 'credentials', path, issues);
  const password = readObject(credentials, 'password', join(path, 'credentials'), issues);
  const value = readString(password, 'value', join(path, 'credentials.password'), issues, { required: true }) ?? '';
  // `status` is a mock extension (Okta sets it through lifecycle calls) so a file can hold a SUSPENDED user.
  const status = readOneOf(body, 'status', path, issues, USER_STATUSES) ?? defaultStatus;
  return { profile: { login, email, firstName, lastName }, password: value, status };
}

/** A partial update: only the fields present change. */
export interface UserProfileUpdate {
  profile: Partial<UserProfile>;
  password?: string;
}

const PROFILE_KEYS = ['login', 'email', 'firstName', 'lastName'] as const;
/** Base-profile properties the mock does not model; Okta's SDKs send them as null, which is accepted. */
const UNMODELLED_PROFILE_KEYS = new Set(['mobilePhone', 'secondEmail', 'middleName', 'honorificPrefix', 'honorificSuffix', 'title', 'displayName', 'nickName']);

/**
 * Okta's "Update a user" body (POST /api/v1/users/{id}, partial semantics):
 * `{profile?: {login?, email?, firstName?, lastName?}, credentials?: {password?: {value}}}`. A field
 * given must be valid; a property the mock does not model is accepted only as null.
 */
export function readUserProfileUpdate(body: Fields, issues: Issues): UserProfileUpdate {
  const input = readObject(body, 'profile', '', issues);
  const profile: Partial<UserProfile> = {};
  for (const key of PROFILE_KEYS) {
    if (input[key] === undefined) continue;
    const value = readString(input, key, 'profile', issues, { required: true, maxLength: 100 });
    if (value) profile[key] = value;
  }
  if (profile.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(profile.email)) issues.add('profile.email', 'must be an email address');
  for (const [key, value] of Object.entries(input)) {
    if ((PROFILE_KEYS as readonly string[]).includes(key)) continue;
    if (!UNMODELLED_PROFILE_KEYS.has(key) || value !== null) issues.add(join('profile', key), 'Property name not found in the user profile');
  }
  const credentials = readObject(body, 'credentials', '', issues);
  const password = readObject(credentials, 'password', 'credentials', issues);
  const value = readString(password, 'value', 'credentials.password', issues);
  return { profile, ...(value ? { password: value } : {}) };
}

export interface GroupInput {
  name: string;
  description: string;
}

export function readGroupInput(body: Fields, path: string, issues: Issues): GroupInput {
  const profile = readObject(body, 'profile', path, issues, true);
  const profilePath = join(path, 'profile');
  return {
    name: readString(profile, 'name', profilePath, issues, { required: true }) ?? '',
    description: readString(profile, 'description', profilePath, issues) ?? '',
  };
}

/** Okta's defaults for a new custom SAML 2.0 app, before the admin's values. */
export function defaultSignOn(): SamlSignOn {
  return {
    ssoAcsUrl: '',
    recipient: '',
    destination: '',
    audience: '',
    defaultRelayState: '',
    subjectNameIdFormat: NAME_ID_FORMATS.unspecified,
    subjectNameIdTemplate: '${user.userName}',
    responseSigned: true,
    assertionSigned: true,
    signatureAlgorithm: 'RSA_SHA256',
    digestAlgorithm: 'SHA256',
    honorForceAuthn: true,
    attributeStatements: [],
    acsEndpoints: [],
  };
}

/**
 * `settings.signOn`, laid over `base` (Okta's defaults for a create, the stored value for a merge).
 * Recipient and Destination follow the SSO URL unless given ("Use this for Recipient URL and
 * Destination URL" is checked by default).
 */
export function readSamlSignOn(input: Fields, path: string, issues: Issues, base: SamlSignOn = defaultSignOn()): SamlSignOn {
  const url = (key: string): string | undefined => readString(input, key, path, issues, { absoluteUrl: true });
  const ssoAcsUrl = url('ssoAcsUrl') ?? base.ssoAcsUrl;
  if (!ssoAcsUrl) issues.add(join(path, 'ssoAcsUrl'), 'is required');
  const followsAcs = (key: 'recipient' | 'destination'): string => url(key) ?? (base[key] && base[key] !== base.ssoAcsUrl ? base[key] : ssoAcsUrl);
  const audience = readString(input, 'audience', path, issues) ?? base.audience;
  if (!audience) issues.add(join(path, 'audience'), 'is required');
  const template = readString(input, 'subjectNameIdTemplate', path, issues) || base.subjectNameIdTemplate;
  const templateProblem = checkTemplate(template);
  if (templateProblem) issues.add(join(path, 'subjectNameIdTemplate'), templateProblem);
  const signOn: SamlSignOn = {
    ssoAcsUrl,
    recipient: followsAcs('recipient'),
    destination: followsAcs('destination'),
    audience,
    defaultRelayState: readString(input, 'defaultRelayState', path, issues) ?? base.defaultRelayState,
    subjectNameIdFormat: readOneOf<NameIdFormat>(input, 'subjectNameIdFormat', path, issues, Object.values(NAME_ID_FORMATS)) ?? base.subjectNameIdFormat,
    subjectNameIdTemplate: template,
    responseSigned: readBoolean(input, 'responseSigned', path, issues) ?? base.responseSigned,
    assertionSigned: readBoolean(input, 'assertionSigned', path, issues) ?? base.assertionSigned,
    signatureAlgorithm: readOneOf(input, 'signatureAlgorithm', path, issues, ['RSA_SHA256', 'RSA_SHA1'] as const) ?? base.signatureAlgorithm,
    digestAlgorithm: readOneOf(input, 'digestAlgorithm', path, issues, ['SHA256', 'SHA1'] as const) ?? base.digestAlgorithm,
    honorForceAuthn: readBoolean(input, 'honorForceAuthn', path, issues) ?? base.honorForceAuthn,
    attributeStatements: input['attributeStatements'] === undefined ? base.attributeStatements : readAttributeStatements(input, path, issues),
    acsEndpoints: input['acsEndpoints'] === undefined ? base.acsEndpoints : readAcsEndpoints(input, path, issues),
  };
  if (!signOn.responseSigned && !signOn.assertionSigned) {
    issues.add(join(path, 'responseSigned'), 'responseSigned or assertionSigned must be true');
  }
  return signOn;
}

function readAttributeStatements(input: Fields, path: string, issues: Issues): SamlAttributeStatement[] {
  const listPath = join(path, 'attributeStatements');
  return readArray(input, 'attributeStatements', path, issues).flatMap((item, index): SamlAttributeStatement[] => {
    const at = join(listPath, index);
    if (!isObject(item)) {
      issues.add(at, 'must be an object');
      return [];
    }
    const type = readOneOf(item, 'type', at, issues, ['EXPRESSION'] as const) ?? 'EXPRESSION';
    const name = readString(item, 'name', at, issues, { required: true }) ?? '';
    const namespace = readOneOf(item, 'namespace', at, issues, ATTRIBUTE_NAME_FORMATS) ?? ATTRIBUTE_NAME_FORMATS[0];
    const values = readArray(item, 'values', at, issues).flatMap((value, valueIndex) => {
      const problem = typeof value === 'string' ? checkTemplate(value) : 'must be a string';
      if (problem) {
        issues.add(join(join(at, 'values'), valueIndex), problem);
        return [];
      }
      return [value as string];
    });
    if (values.length === 0) issues.add(join(at, 'values'), 'needs at least one expression');
    return [{ type, name, namespace, values }];
  });
}

function readAcsEndpoints(input: Fields, path: string, issues: Issues): AcsEndpoint[] {
  const listPath = join(path, 'acsEndpoints');
  return readArray(input, 'acsEndpoints', path, issues).flatMap((item, index): AcsEndpoint[] => {
    const at = join(listPath, index);
    if (!isObject(item)) {
      issues.add(at, 'must be an object');
      return [];
    }
    const url = readString(item, 'url', at, issues, { required: true, absoluteUrl: true });
    const position = item['index'] ?? index;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) issues.add(join(at, 'index'), 'must be a whole number');
    return url ? [{ url, index: Number(position) }] : [];
  });
}

export function readUserNameTemplate(credentials: Fields, path: string, issues: Issues, base?: UserNameTemplate): UserNameTemplate {
  const input = readObject(credentials, 'userNameTemplate', path, issues);
  const at = join(path, 'userNameTemplate');
  const template = readString(input, 'template', at, issues) || base?.template || '${source.login}';
  const problem = checkTemplate(template);
  if (problem) issues.add(join(at, 'template'), problem);
  const type = readOneOf(input, 'type', at, issues, ['BUILT_IN', 'CUSTOM'] as const) ?? base?.type ?? 'BUILT_IN';
  const pushStatus = readOneOf(input, 'pushStatus', at, issues, ['PUSH', 'DONT_PUSH'] as const) ?? base?.pushStatus;
  return pushStatus ? { template, type, pushStatus } : { template, type };
}

export function readVisibility(body: Fields, path: string, issues: Issues, base?: AppVisibility): AppVisibility {
  const input = readObject(body, 'visibility', path, issues);
  const hide = readObject(input, 'hide', join(path, 'visibility'), issues);
  const hidePath = join(path, 'visibility.hide');
  return {
    autoSubmitToolbar: readBoolean(input, 'autoSubmitToolbar', join(path, 'visibility'), issues) ?? base?.autoSubmitToolbar ?? false,
    hide: {
      iOS: readBoolean(hide, 'iOS', hidePath, issues) ?? base?.hide.iOS ?? false,
      web: readBoolean(hide, 'web', hidePath, issues) ?? base?.hide.web ?? false,
    },
  };
}

export interface SamlAppInput {
  signOnMode: 'SAML_2_0';
  label: string;
  name?: string;
  signOn: SamlSignOn;
  userNameTemplate: UserNameTemplate;
  visibility: AppVisibility;
}

/** Okta's app body for a SAML 2.0 app: label, signOnMode, settings.signOn, credentials.userNameTemplate. */
export function readSamlAppInput(body: Fields, path: string, issues: Issues, base?: SamlAppInput): SamlAppInput {
  const label = readString(body, 'label', path, issues, { required: !base, maxLength: 100 }) || base?.label || '';
  const name = readString(body, 'name', path, issues, { maxLength: 100 });
  if (name && !/^[a-z0-9_]+$/.test(name)) issues.add(join(path, 'name'), 'must be lower-case letters, digits and _');
  // Okta's catalogue key of every OIDC app (oidc-inputs.ts OIDC_APP_NAME), never a SAML app's name.
  if (name === 'oidc_client') issues.add(join(path, 'name'), 'oidc_client is the name of OpenID Connect apps');
  const signOnMode = readOneOf(body, 'signOnMode', path, issues, ['SAML_2_0'] as const);
  if (!signOnMode && !base) issues.add(join(path, 'signOnMode'), 'is required (SAML_2_0)');
  const settings = readObject(body, 'settings', path, issues, !base);
  const signOn = readSamlSignOn(readObject(settings, 'signOn', join(path, 'settings'), issues, !base), join(path, 'settings.signOn'), issues, base?.signOn);
  const credentials = readObject(body, 'credentials', path, issues);
  return {
    signOnMode: 'SAML_2_0',
    label,
    ...(name ? { name } : {}),
    signOn,
    userNameTemplate: readUserNameTemplate(credentials, join(path, 'credentials'), issues, base?.userNameTemplate),
    visibility: readVisibility(body, path, issues, base?.visibility),
  };
}
