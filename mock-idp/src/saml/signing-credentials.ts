/**
 * The key pair and certificate Okta makes with every SAML app (and with each generated key
 * credential): RSA-2048, self-signed, ten years by default,
 * SHA-256, subject `O=Okta, OU=SSOProvider, CN={org}, emailAddress=info@okta.com`.
 *
 * node:crypto makes the key (native, fast, and off the event loop); node-forge only assembles and
 * signs the X.509 certificate, which node:crypto cannot create.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { randomId } from '../ids.ts';
import type { SigningCredentials } from '../tenant/model.ts';

const generateRsaKeyPair = promisify(generateKeyPair);
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Okta's own app keys last ten years; generated ones as long as asked (2–10 years). */
export async function createSigningCredentials(orgName: string, now: Date, validityYears = 10): Promise<SigningCredentials> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial: the top bit cleared so DER does not read it as negative.
  const serial = randomBytes(9);
  serial[0]! &= 0x7f;
  certificate.serialNumber = serial.toString('hex');
  certificate.validity.notBefore = now;
  const expiresAt = new Date(now.getTime() + validityYears * YEAR_MS);
  certificate.validity.notAfter = expiresAt;
  const subject = [
    { shortName: 'C', value: 'US' },
    { shortName: 'ST', value: 'California' },
    { shortName: 'L', value: 'San Francisco' },
    { shortName: 'O', value: 'Okta' },
    { shortName: 'OU', value: 'SSOProvider' },
    { shortName: 'CN', value: orgName },
    { name: 'emailAddress', value: 'info@okta.com' },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { kid: randomId(43), privateKeyPem: privateKey, certificatePem: forge.pki.certificateToPem(certificate), created: now, expiresAt };
}

/** The base64 body of a PEM certificate, as metadata and KeyInfo carry it. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
