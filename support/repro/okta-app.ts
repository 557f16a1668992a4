/**
 * A customer's app as Okta's `GET /api/v1/apps/{id}` returns it (what their admin can export), read
 * into the mock's tenant shape. Everything Okta-shaped is passed through, so every field the mock
 * models is reproduced as the customer has it; which ones the mock actually took is found out
 * afterwards by reading the app back (./compare.ts). Left out on purpose:
 *
 *   ids, links, dates, status        the mock makes its own
 *   credentials.oauthClient.client_id / client_secret   the mock makes its own; a secret is never copied
 *   credentials.signing              the mock makes the app's key and certificate
 *   null values                      Okta's "not set"
 */
import { ReproError } from './errors.ts';

type Json = Record<string, unknown>;

export type Protocol = 'saml' | 'oidc';

export interface CustomerApp {
  protocol: Protocol;
  label: string;
  /** The app as a tenant-file entry (without assignments). */
  tenantApp: Json;
  /** The SP-side URLs the customer's app points at, for the report. */
  urls: CustomerUrls;
  /** Fields left out on purpose, with why. */
  leftOut: string[];
}

export interface CustomerUrls {
  acs?: string;
  recipient?: string;
  destination?: string;
  audience?: string;
  redirectUris?: string[];
  initiateLoginUri?: string;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A deep copy without null values (Okta writes null for "not set"; the mock takes absent). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(withoutNulls);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null).map(([key, item]) => [key, withoutNulls(item)]));
  return value;
}

const string = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function readCustomerApp(raw: unknown, source: string): CustomerApp {
  if (!isObject(raw)) throw new ReproError('REPRO_APP_INVALID', `${source}: an app is a JSON object (GET /api/v1/apps/{id})`);
  const signOnMode = raw['signOnMode'];
  if (typeof signOnMode !== 'string') throw new ReproError('REPRO_APP_INVALID', `${source}: signOnMode is missing`);
  if (signOnMode !== 'SAML_2_0' && signOnMode !== 'OPENID_CONNECT') {
    throw new ReproError('REPRO_APP_UNSUPPORTED', `${source}: signOnMode ${signOnMode}: the mock reproduces SAML_2_0 and OPENID_CONNECT apps`);
  }
  const label = string(raw['label']) ?? string(isObject(raw['profile']) ? raw['profile']['label'] : undefined);
  if (!label) throw new ReproError('REPRO_APP_INVALID', `${source}: label is missing`);
  const settings = withoutNulls(raw['settings']);
  const credentials = withoutNulls(raw['credentials']);
  if (!isObject(settings)) throw new ReproError('REPRO_APP_INVALID', `${source}: settings is missing`);
  const leftOut: string[] = [];

  if (signOnMode === 'SAML_2_0') {
    const signOn = settings['signOn'];
    if (!isObject(signOn)) throw new ReproError('REPRO_APP_INVALID', `${source}: settings.signOn is missing (a SAML app's settings)`);
    const userNameTemplate = isObject(credentials) && isObject(credentials['userNameTemplate']) ? credentials['userNameTemplate'] : undefined;
    if (isObject(credentials) && credentials['signing'] !== undefined) leftOut.push('credentials.signing: the mock makes the app\'s own key and certificate');
    return {
      protocol: 'saml',
      label,
      tenantApp: {
        label,
        signOnMode,
        ...(isObject(raw['visibility']) ? { visibility: withoutNulls(raw['visibility']) } : {}),
        settings: { signOn },
        ...(userNameTemplate ? { credentials: { userNameTemplate } } : {}),
      },
      urls: {
        ...(string(signOn['ssoAcsUrl']) ? { acs: string(signOn['ssoAcsUrl'])! } : {}),
        ...(string(signOn['recipient']) ? { recipient: string(signOn['recipient'])! } : {}),
        ...(string(signOn['destination']) ? { destination: string(signOn['destination'])! } : {}),
        ...(string(signOn['audience']) ? { audience: string(signOn['audience'])! } : {}),
      },
      leftOut,
    };
  }

  const oauthClient = settings['oauthClient'];
  if (!isObject(oauthClient)) throw new ReproError('REPRO_APP_INVALID', `${source}: settings.oauthClient is missing (an OIDC app's settings)`);
  const clientCredentials = isObject(credentials) && isObject(credentials['oauthClient']) ? { ...credentials['oauthClient'] } : {};
  for (const secret of ['client_id', 'client_secret']) {
    if (secret in clientCredentials) {
      delete clientCredentials[secret];
      leftOut.push(`credentials.oauthClient.${secret}: the mock makes its own${secret === 'client_secret' ? ' (a secret is never copied)' : ''}`);
    }
  }
  const userNameTemplate = isObject(credentials) && isObject(credentials['userNameTemplate']) ? credentials['userNameTemplate'] : undefined;
  const redirectUris = Array.isArray(oauthClient['redirect_uris']) ? oauthClient['redirect_uris'].filter((uri): uri is string => typeof uri === 'string') : [];
  return {
    protocol: 'oidc',
    label,
    tenantApp: {
      label,
      signOnMode,
      ...(isObject(raw['visibility']) ? { visibility: withoutNulls(raw['visibility']) } : {}),
      settings: { oauthClient },
      credentials: { oauthClient: clientCredentials, ...(userNameTemplate ? { userNameTemplate } : {}) },
    },
    urls: {
      redirectUris,
      ...(string(oauthClient['initiate_login_uri']) ? { initiateLoginUri: string(oauthClient['initiate_login_uri'])! } : {}),
    },
    leftOut,
  };
}
