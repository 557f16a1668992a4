/** The doctor's command line, read once: a bad one is DOCTOR_ARGS_INVALID (exit status 2). */
import { readCommandLine } from '../command-line.ts';
import { DoctorInputError } from './codes.ts';

export const USAGE = `usage: npm run doctor -- <file> [options]

Explains why an SP refuses what Okta sent. <file> is a SAMLResponse (XML, base64 or URL-encoded,
or a form body), an id_token (or a token response), or a HAR file (every SAML and OIDC message in
it); "-" reads standard input. Works offline: a URL option is fetched only when given, and only
https or http on loopback.

  --sp-metadata FILE|URL   the SP's SAML metadata: its entity ID, ACS URLs, NameID formats
  --idp-metadata FILE|URL  the Okta app's SAML metadata (issuer, signing certificate), or an OpenID
                           discovery document (issuer; its jwks_uri is fetched when it came from a
                           URL), or a JWKS; repeatable
  --sp-entity-id ID        the SP's entity ID (the Audience it expects)
  --acs-url URL            the SP's ACS URL (Destination and Recipient it expects); repeatable
  --client-id ID           the SP's OIDC client id (the aud it expects)
  --nonce VALUE            the nonce the SP sent
  --request-id ID          the ID of the SP's AuthnRequest (InResponseTo it expects)
  --at TIME                judge expiry at this time (ISO 8601 or seconds since 1970) instead of
                           the HAR's time or now
  --clock-skew SECONDS     clock skew the SP allows (default 60)
  --redact                 hide personal data (names, emails' local parts, subjects)
  --json                   print the report as JSON
  --help

Exit status: 0 nothing wrong found, 1 causes found, 2 the input could not be read.`;

export interface DoctorCommand {
  file: string;
  spMetadata?: string;
  idpMetadata: string[];
  spEntityId?: string;
  acsUrls: string[];
  clientId?: string;
  nonce?: string;
  requestId?: string;
  at?: Date;
  skewSeconds: number;
  redact: boolean;
  json: boolean;
}

function readTime(value: string): Date {
  const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new DoctorInputError('DOCTOR_ARGS_INVALID', `--at ${value}: not a time (ISO 8601, e.g. 2026-03-01T10:00:00Z, or seconds since 1970)`);
  return date;
}

const OPTIONS = {
  'sp-metadata': { type: 'string' },
  'idp-metadata': { type: 'string', multiple: true },
  'sp-entity-id': { type: 'string' },
  'acs-url': { type: 'string', multiple: true },
  'client-id': { type: 'string' },
  nonce: { type: 'string' },
  'request-id': { type: 'string' },
  at: { type: 'string' },
  'clock-skew': { type: 'string' },
  redact: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export function readCommand(argv: string[]): DoctorCommand | 'help' {
  const read = readCommandLine(argv, OPTIONS, 'file to explain', (message) => new DoctorInputError('DOCTOR_ARGS_INVALID', message));
  if (read === 'help') return 'help';
  const { values, positional: file } = read;
  const skew = values['clock-skew'] === undefined ? 60 : Number(values['clock-skew']);
  if (!Number.isInteger(skew) || skew < 0 || skew > 86_400) throw new DoctorInputError('DOCTOR_ARGS_INVALID', `--clock-skew ${values['clock-skew']}: a whole number of seconds from 0 to 86400`);
  return {
    file,
    ...(values['sp-metadata'] !== undefined ? { spMetadata: values['sp-metadata'] } : {}),
    idpMetadata: values['idp-metadata'] ?? [],
    ...(values['sp-entity-id'] !== undefined ? { spEntityId: values['sp-entity-id'] } : {}),
    acsUrls: values['acs-url'] ?? [],
    ...(values['client-id'] !== undefined ? { clientId: values['client-id'] } : {}),
    ...(values.nonce !== undefined ? { nonce: values.nonce } : {}),
    ...(values['request-id'] !== undefined ? { requestId: values['request-id'] } : {}),
    ...(values.at !== undefined ? { at: readTime(values.at) } : {}),
    skewSeconds: skew,
    redact: values.redact,
    json: values.json,
  };
}
