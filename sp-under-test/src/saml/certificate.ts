// Certificate normalisation: accepts a PEM with or without the BEGIN/END lines (as copied from the
// Okta admin console), whitespace anywhere; checks it parses as X.509; returns canonical PEM.
import { X509Certificate } from 'node:crypto';
import { SpError } from '../errors.ts';

export function normalizeCertificate(input: string): string {
  const body = input
    .replace(/-----BEGIN CERTIFICATE-----/g, '')
    .replace(/-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  if (body.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new SpError('SSO_CERTIFICATE_INVALID', 400, 'the certificate is not base64 PEM');
  }
  try {
    new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw new SpError('SSO_CERTIFICATE_INVALID', 400, 'the certificate is not a valid X.509 certificate');
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
