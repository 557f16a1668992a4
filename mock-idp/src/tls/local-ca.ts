/**
 * The mock IdP's own certificate authority, so every org can be served over https with a
 * certificate that clients verify for real (NODE_EXTRA_CA_CERTS, an undici agent, Chromium's SPKI
 * list) instead of being told to skip verification.
 *
 * The CA is made on first use and kept in a directory (the state directory's `ca/`): `ca.pem` is
 * what people hand to their clients, `ca-key.pem` never leaves the directory (mode 0600). Every org
 * gets its own leaf certificate for 127.0.0.1, ::1 and localhost, signed by the CA; the server
 * presents the leaf and the CA together, so a client that trusts only the CA's key (Chromium's
 * `--ignore-certificate-errors-spki-list`) finds it in the chain.
 *
 * node:crypto makes the keys (native, off the event loop); node-forge assembles and signs the
 * certificates, which node:crypto cannot.
 */
import { createHash, createPrivateKey, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { IdpError } from '../errors.ts';

const generateRsaKeyPair = promisify(generateKeyPair);
const DAY_MS = 24 * 3600 * 1000;
/** The CA lives ten years: people trust it once. */
const CA_LIFETIME_MS = 10 * 365 * DAY_MS;
/** Leaves stay under the 398 days browsers accept for a server certificate. */
const LEAF_LIFETIME_MS = 397 * DAY_MS;
/** A CA found this close to its end is replaced (and must be trusted again). */
const RENEW_BEFORE_MS = 30 * DAY_MS;

export interface LocalCa {
  /** The CA certificate's file: what NODE_EXTRA_CA_CERTS or a browser is given. */
  certFile: string;
  certPem: string;
  keyPem: string;
  /** base64 SHA-256 of the CA's SubjectPublicKeyInfo, for Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
}

/** A server certificate and its key, as node's tls options take them (`cert` holds the chain). */
export interface TlsIdentity {
  key: string;
  /** The leaf, then the CA. */
  cert: string;
}

async function newRsaKeys(): Promise<{ privateKey: string; publicKey: string }> {
  return generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function positiveSerial(): string {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  return serial.toString('hex');
}

/** base64 SHA-256 of a certificate's public key (SPKI, DER). */
export function spkiSha256(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

function caInvalid(message: string): IdpError {
  return new IdpError('IDP_STATE_INVALID', 500, message, 'The state directory cannot be used');
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw caInvalid(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function createCa(now: Date): Promise<{ certPem: string; keyPem: string }> {
  const { privateKey, publicKey } = await newRsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = positiveSerial();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + CA_LIFETIME_MS);
  // A name unique to this CA, so two machines' CAs never look alike in a trust store.
  const subject = [
    { shortName: 'O', value: 'sso-conformance mock IdP' },
    { shortName: 'CN', value: `mock IdP local CA ${randomBytes(4).toString('hex')}` },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

/**
 * The CA kept in `dir` (made there on first use; a new one when the kept one is near its end or
 * unreadable as a CA). The key file is written first and 0600, so a half-written CA is never used.
 */
export async function loadOrCreateCa(where: string, now: Date = new Date()): Promise<LocalCa> {
  // Absolute, so the file named to NODE_EXTRA_CA_CERTS is found from any working directory.
  const dir = resolve(where);
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  const [certPem, keyPem] = await Promise.all([readIfPresent(certFile), readIfPresent(keyFile)]);
  if (certPem && keyPem && usable(certPem, keyPem, now)) return { certFile, certPem, keyPem, spkiSha256: spkiSha256(certPem) };
  const made = await createCa(now);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(keyFile, made.keyPem, { mode: 0o600 });
    await writeFile(certFile, made.certPem, { mode: 0o644 });
  } catch (error) {
    throw caInvalid(`${dir}: cannot keep the local CA there (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { certFile, ...made, spkiSha256: spkiSha256(made.certPem) };
}

function usable(certPem: string, keyPem: string, now: Date): boolean {
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.ca || !cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    return new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

/**
 * A leaf certificate for this machine's loopback names, signed by the CA: `CN` names the org, the
 * SANs are 127.0.0.1, ::1 and localhost (ports are not part of a certificate, so it serves any).
 */
export async function issueServerCertificate(ca: LocalCa, commonName: string, now: Date = new Date()): Promise<TlsIdentity> {
  const { privateKey, publicKey } = await newRsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = positiveSerial();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(Math.min(now.getTime() + LEAF_LIFETIME_MS, caCert.validity.notAfter.getTime()));
  cert.setSubject([{ shortName: 'CN', value: commonName.slice(0, 64) }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }, { type: 2, value: 'localhost' }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) + ca.certPem };
}

/** Whether a kept leaf is still good for a while and was issued by this CA. */
export function leafStillGood(identity: TlsIdentity, ca: LocalCa, now: Date = new Date()): boolean {
  try {
    const leaf = new X509Certificate(identity.cert);
    if (!leaf.checkIssued(new X509Certificate(ca.certPem)) || !leaf.verify(new X509Certificate(ca.certPem).publicKey)) return false;
    if (!leaf.checkPrivateKey(createPrivateKey(identity.key))) return false;
    return new Date(leaf.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}
