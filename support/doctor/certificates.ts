/** X.509 certificates as SAML carries them (base64 DER), read for comparison and for people. */
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  /** The base64 DER, whitespace removed: what two certificates are compared by. */
  der: string;
  pem: string;
  /** SHA-256 fingerprint, AB:CD:…, or undefined when the bytes are not a certificate. */
  fingerprint: string | undefined;
  subject: string | undefined;
  validTo: string | undefined;
}

export function certificateInfo(base64: string): CertificateInfo {
  const der = base64.replace(/\s+/g, '');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  try {
    const certificate = new X509Certificate(Buffer.from(der, 'base64'));
    return { der, pem, fingerprint: certificate.fingerprint256, subject: certificate.subject.replace(/\n/g, ', '), validTo: new Date(certificate.validTo).toISOString() };
  } catch {
    return { der, pem, fingerprint: undefined, subject: undefined, validTo: undefined };
  }
}

/** One line for people: `CN=dev-1, … (SHA-256 AB:CD:…:EF, valid until 2036-01-01)`. */
export function describeCertificate(info: CertificateInfo): string {
  if (!info.fingerprint) return 'a KeyInfo value that is not a certificate';
  const short = `${info.fingerprint.slice(0, 11)}…${info.fingerprint.slice(-5)}`;
  return `${info.subject} (SHA-256 ${short}, valid until ${info.validTo?.slice(0, 10)})`;
}
