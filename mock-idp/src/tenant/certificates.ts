/**
 * Certificates an admin pastes into a SAML app (the SP's signature certificate for Single Logout, its
 * encryption certificate): Okta's `x5c`, a list holding exactly one base64 DER X.509 certificate.
 * A PEM is accepted too (what people copy from an SP's admin page) and stored as base64 DER. The
 * certificate must parse and carry an RSA key: Okta verifies and encrypts with RSA only.
 */
import { X509Certificate } from 'node:crypto';
import { join, readArray, type Fields, type Issues } from './fields.ts';

/** The base64 DER of a certificate given as base64 DER or PEM, or undefined when it is neither. */
export function certificateDer(text: string): string | undefined {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  try {
    const certificate = new X509Certificate(Buffer.from(body, 'base64'));
    return certificate.publicKey.asymmetricKeyType === 'rsa' ? certificate.raw.toString('base64') : undefined;
  } catch {
    return undefined;
  }
}

/** The PEM of a base64 DER certificate, for node:crypto and the XML libraries. */
export function certificatePem(der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${der.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** `x5c`: one certificate, or (`allowEmpty`: an app's settings read back and sent again) none. */
export function readCertificateList(parent: Fields, key: string, path: string, issues: Issues, allowEmpty = false): string[] | undefined {
  const at = join(path, key);
  const items = readArray(parent, key, path, issues);
  if (items.length === 0 && allowEmpty) return [];
  if (items.length !== 1) {
    issues.add(at, 'must hold exactly one certificate');
    return undefined;
  }
  const [item] = items;
  const der = typeof item === 'string' && item.length <= 16 * 1024 ? certificateDer(item) : undefined;
  if (!der) {
    issues.add(join(at, 0), 'must be an X.509 certificate with an RSA key (base64 DER or PEM)');
    return undefined;
  }
  return [der];
}
