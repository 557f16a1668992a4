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
import { readCertificateList } from './certificates.ts';
import {
  ASSERTION_ENCRYPTION_ALGORITHMS,
  ATTRIBUTE_NAME_FORMATS,
  GROUP_FILTER_TYPES,
  KEY_TRANSPORT_ALGORITHMS,
  NAME_ID_FORMATS,
  USER_STATUSES,
  type AcsEndpoint,
  type SamlAssertionEncryption,
  type SamlSingleLogout,
  type SamlSloParticipation,
  type AppVisibility,
  type NameIdFormat,
  type SamlAttributeStatement,
  type SamlGroupStatement,
  type SamlSignOn,
  type UserNameTemplate,
  type UserProfile,
  type UserStatus,
} from './model.ts';

export interface UserInput {
  profile: UserProfile;
  /** Absent only where the password may be left out (the API; a tenant file always gives one). */
  password: string | undefined;
  status: UserStatus;
}

/**
 * Okta's create-user body: `{profile: {login, email, firstName, lastName}, credentials: {password: {value}}}`.
 * The API may leave the password out (`passwordRequired` false), as Okta allows: such a user is
 * STAGED or PROVISIONED, never ACTIVE.
 */
export function readUserInput(body: Fields, path: string, issues: Issues, defaultStatus: UserStatus = 'ACTIVE', passwordRequired = true): UserInput {
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
  const value = readString(password, 'value', join(path, 'credentials.password'), issues, { required: passwordRequired }) || undefined;
  // `status` is a mock extension (Okta sets it through lifecycle calls) so a file can hold a SUSPENDED user.
  const status = readOneOf(body, 'status', path, issues, USER_STATUSES) ?? (defaultStatus === 'ACTIVE' && value === undefined ? 'PROVISIONED' : defaultStatus);
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

/**
 * Okta's "Replace a user" body (PUT /api/v1/users/{id}): the whole profile, so email, firstName and
 * lastName must be there (login defaults to the email, as on create); the password may change too.
 */
export function readUserReplacement(body: Fields, issues: Issues): UserProfileUpdate & { profile: UserProfile } {
  const update = readUserProfileUpdate(body, issues);
  if (body['profile'] === undefined || body['profile'] === null) issues.add('profile', 'is required');
  for (const key of ['email', 'firstName', 'lastName'] as const) {
    if (update.profile[key] === undefined && isObject(body['profile'])) issues.add(join('profile', key), 'is required');
  }
  const { email = '', firstName = '', lastName = '' } = update.profile;
  return { ...update, profile: { login: update.profile.login ?? email, email, firstName, lastName } };
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
    allowMultipleAcsEndpoints: false,
    // Single Logout is off until the admin enables it (Okta's "Enable Single Logout" box).
    slo: { enabled: false, issuer: '', logoutUrl: '' },
    participateSlo: { enabled: false, logoutRequestUrl: '', sessionIndexRequired: false, bindingType: 'REDIRECT' },
    spCertificate: undefined,
    // "Assertion Encryption: Unencrypted"; when turned on, the console preselects AES256-CBC and RSA-OAEP.
    assertionEncryption: { enabled: false, encryptionAlgorithm: 'AES256_CBC', keyTransportAlgorithm: 'RSA_OAEP', x5c: [] },
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
  const acsEndpoints = input['acsEndpoints'] === undefined ? base.acsEndpoints : readAcsEndpoints(input, path, issues);
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
    acsEndpoints,
    // Okta's JSON has the flag; files written before it existed listed endpoints without it.
    allowMultipleAcsEndpoints: readBoolean(input, 'allowMultipleAcsEndpoints', path, issues) ?? (input['acsEndpoints'] !== undefined ? acsEndpoints.length > 0 : base.allowMultipleAcsEndpoints),
    slo: readSingleLogout(input, path, issues, base.slo),
    participateSlo: readSloParticipation(input, path, issues, base.participateSlo),
    spCertificate: readSpCertificate(input, path, issues, base.spCertificate),
    assertionEncryption: readAssertionEncryption(input, path, issues, base.assertionEncryption),
  };
  if (!signOn.responseSigned && !signOn.assertionSigned) {
    issues.add(join(path, 'responseSigned'), 'responseSigned or assertionSigned must be true');
  }
  // Okta refuses SLO without the certificate that verifies the SP's signed logout messages.
  if ((signOn.slo.enabled || signOn.participateSlo.enabled) && !signOn.spCertificate) {
    issues.add(join(path, 'spCertificate.x5c'), 'is required when Single Logout is enabled');
  }
  return signOn;
}

function readSingleLogout(input: Fields, path: string, issues: Issues, base: SamlSingleLogout): SamlSingleLogout {
  if (input['slo'] === undefined) return base;
  const at = join(path, 'slo');
  const slo = readObject(input, 'slo', path, issues);
  const enabled = readBoolean(slo, 'enabled', at, issues) ?? base.enabled;
  return {
    enabled,
    issuer: readString(slo, 'issuer', at, issues, { required: enabled }) ?? base.issuer,
    logoutUrl: readString(slo, 'logoutUrl', at, issues, { required: enabled, absoluteUrl: true }) ?? base.logoutUrl,
  };
}

function readSloParticipation(input: Fields, path: string, issues: Issues, base: SamlSloParticipation): SamlSloParticipation {
  if (input['participateSlo'] === undefined) return base;
  const at = join(path, 'participateSlo');
  const participate = readObject(input, 'participateSlo', path, issues);
  const enabled = readBoolean(participate, 'enabled', at, issues) ?? base.enabled;
  return {
    enabled,
    logoutRequestUrl: readString(participate, 'logoutRequestUrl', at, issues, { required: enabled, absoluteUrl: true }) ?? base.logoutRequestUrl,
    sessionIndexRequired: readBoolean(participate, 'sessionIndexRequired', at, issues) ?? base.sessionIndexRequired,
    bindingType: readOneOf(participate, 'bindingType', at, issues, ['POST', 'REDIRECT'] as const) ?? base.bindingType,
  };
}

function readSpCertificate(input: Fields, path: string, issues: Issues, base: SamlSignOn['spCertificate']): SamlSignOn['spCertificate'] {
  if (input['spCertificate'] === undefined) return base;
  if (input['spCertificate'] === null) return undefined;
  const x5c = readCertificateList(readObject(input, 'spCertificate', path, issues), 'x5c', join(path, 'spCertificate'), issues);
  return x5c ? { x5c } : undefined;
}

function readAssertionEncryption(input: Fields, path: string, issues: Issues, base: SamlAssertionEncryption): SamlAssertionEncryption {
  if (input['assertionEncryption'] === undefined) return base;
  const at = join(path, 'assertionEncryption');
  const encryption = readObject(input, 'assertionEncryption', path, issues);
  const enabled = readBoolean(encryption, 'enabled', at, issues) ?? base.enabled;
  const x5c = encryption['x5c'] === undefined ? base.x5c : (readCertificateList(encryption, 'x5c', at, issues, true) ?? []);
  if (enabled && x5c.length === 0) issues.add(join(at, 'x5c'), 'is required when assertion encryption is enabled');
  return {
    enabled,
    encryptionAlgorithm: readOneOf(encryption, 'encryptionAlgorithm', at, issues, ASSERTION_ENCRYPTION_ALGORITHMS) ?? base.encryptionAlgorithm,
    keyTransportAlgorithm: readOneOf(encryption, 'keyTransportAlgorithm', at, issues, KEY_TRANSPORT_ALGORITHMS) ?? base.keyTransportAlgorithm,
    x5c,
  };
}

function readAttributeStatements(input: Fields, path: string, issues: Issues): SamlAttributeStatement[] {
  const listPath = join(path, 'attributeStatements');
  return readArray(input, 'attributeStatements', path, issues).flatMap((item, index): SamlAttributeStatement[] => {
    const at = join(listPath, index);
    if (!isObject(item)) {
      issues.add(at, 'must be an object');
      return [];
    }
    const type = readOneOf(item, 'type', at, issues, ['EXPRESSION', 'GROUP'] as const) ?? 'EXPRESSION';
    const name = readString(item, 'name', at, issues, { required: true }) ?? '';
    const namespace = readOneOf(item, 'namespace', at, issues, ATTRIBUTE_NAME_FORMATS) ?? ATTRIBUTE_NAME_FORMATS[0];
    if (type === 'GROUP') return [{ type, name, namespace, ...readGroupFilter(item, at, issues) }];
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

/** A GROUP statement's filter; a REGEX must compile (it is matched against whole group names). */
function readGroupFilter(item: Fields, at: string, issues: Issues): Pick<SamlGroupStatement, 'filterType' | 'filterValue'> {
  const filterType = readOneOf(item, 'filterType', at, issues, GROUP_FILTER_TYPES) ?? 'STARTS_WITH';
  if (item['filterType'] === undefined) issues.add(join(at, 'filterType'), `is required (${GROUP_FILTER_TYPES.join(', ')})`);
  const filterValue = readString(item, 'filterValue', at, issues, { required: true, maxLength: 256 }) ?? '';
  if (filterType === 'REGEX' && filterValue && !compiles(filterValue)) issues.add(join(at, 'filterValue'), 'must be a valid regular expression');
  return { filterType, filterValue };
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
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
