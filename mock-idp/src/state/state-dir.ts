/**
 * The state directory (`--state-dir`, `createMockIdp({ stateDir })`): what the mock IdP keeps across
 * restarts, so an SP configured by hand (metadata imported, client id and secret pasted, the CA
 * trusted) keeps working when the mock starts again.
 *
 *   {dir}/ca/ca.pem, ca-key.pem   the local CA (src/tls/local-ca.ts); hand ca.pem to clients
 *   {dir}/org.json                the default org: its id, name, API token and port, its TLS
 *                                 certificate, its users, groups, apps (ids, client secrets, SAML
 *                                 keys and certificates), assignments, trusted origins, and the
 *                                 authorization servers' signing keys and cookie keys
 *
 * Not kept: orgs made by POST /mock/v1/orgs (a harness's throwaway orgs), sign-in sessions, OIDC
 * codes and tokens, faults. org.json is written whole to a temporary file and renamed over the old
 * one (never half-written), mode 0600: it holds keys and passwords. A file that cannot be read back
 * is IDP_STATE_INVALID at start, naming the file; the mock never starts over silently.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { IdpError } from '../errors.ts';
import type { OrgRecords } from '../tenant/org-store.ts';
import type { TrustedOrigin } from '../tenant/trusted-origins.ts';
import { loadOrCreateCa, type LocalCa, type TlsIdentity } from '../tls/local-ca.ts';
import { parseTagged, stringifyTagged } from './tagged-json.ts';

/** Where the CA is kept when no state directory is given (relative to the working directory). */
export const DEFAULT_STATE_DIR = '.mock-idp-state';

export const KEPT_ORG_VERSION = 1;

/** The default org as org.json keeps it. */
export interface KeptOrg {
  version: typeof KEPT_ORG_VERSION;
  org: { id: string; name: string; apiToken: string; port: number; https: boolean };
  /** The org's https certificate and key, when it was served over https. */
  tls?: TlsIdentity;
  records: OrgRecords;
  trustedOrigins: TrustedOrigin[];
  customScopes: string[];
  secrets: { cookieKeys: string[]; signingKeys: Record<string, JWK> };
}

export function stateInvalid(message: string): IdpError {
  return new IdpError('IDP_STATE_INVALID', 500, message, 'The state directory cannot be used');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Enough of a shape check that a hand-edited or foreign file is refused by name, not half-loaded. */
function checkKeptOrg(value: unknown, file: string): KeptOrg {
  const bad = (what: string): never => {
    throw stateInvalid(`${file}: ${what}; move the file away to start with a new org`);
  };
  if (!isObject(value)) return bad('not an object');
  if (value['version'] !== KEPT_ORG_VERSION) return bad(`version ${String(value['version'])} is not ${KEPT_ORG_VERSION}`);
  const org = value['org'];
  if (!isObject(org) || typeof org['id'] !== 'string' || typeof org['name'] !== 'string' || typeof org['apiToken'] !== 'string' || typeof org['port'] !== 'number') {
    return bad('org must have id, name, apiToken and port');
  }
  const records = value['records'];
  if (!isObject(records) || !Array.isArray(records['users']) || !Array.isArray(records['groups']) || !Array.isArray(records['apps'])) {
    return bad('records must have users, groups and apps');
  }
  if (!Array.isArray(value['trustedOrigins'])) return bad('trustedOrigins must be a list');
  if (!Array.isArray(value['customScopes'])) return bad('customScopes must be a list');
  const secrets = value['secrets'];
  if (!isObject(secrets) || !Array.isArray(secrets['cookieKeys']) || !isObject(secrets['signingKeys'])) return bad('secrets must have cookieKeys and signingKeys');
  return value as unknown as KeptOrg;
}

export class StateDir {
  private ca: Promise<LocalCa> | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  /** Makes the directory (0700) if needed; IDP_STATE_INVALID when it cannot be. */
  static async open(dir: string): Promise<StateDir> {
    const absolute = resolve(dir);
    try {
      await mkdir(absolute, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw stateInvalid(`${absolute}: cannot be made (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return new StateDir(absolute);
  }

  get orgFile(): string {
    return join(this.dir, 'org.json');
  }

  /** The local CA in {dir}/ca, made on first use. */
  localCa(now?: Date): Promise<LocalCa> {
    this.ca ??= loadOrCreateCa(join(this.dir, 'ca'), now);
    return this.ca;
  }

  async readOrg(): Promise<KeptOrg | undefined> {
    let text: string;
    try {
      text = await readFile(this.orgFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw stateInvalid(`${this.orgFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let parsed: unknown;
    try {
      parsed = parseTagged(text);
    } catch {
      throw stateInvalid(`${this.orgFile}: not valid JSON; move the file away to start with a new org`);
    }
    return checkKeptOrg(parsed, this.orgFile);
  }

  /** Writes org.json whole (temporary file, then rename); writes never overlap. */
  writeOrg(kept: KeptOrg): Promise<void> {
    const text = stringifyTagged(kept);
    const temporary = `${this.orgFile}.${process.pid}.tmp`;
    this.writing = this.writing.then(async () => {
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.orgFile);
    });
    return this.writing;
  }
}

/**
 * Coalesces saves: `schedule()` after every change writes once `delayMs` later; `flush()` writes now
 * (at close). A failed write is logged and retried on the next change, never thrown into a request.
 */
export class Saver {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly log: (line: string) => void,
    private readonly delayMs = 50,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      await this.save();
    } catch (error) {
      this.dirty = true;
      this.log(`could not write the state directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
}
