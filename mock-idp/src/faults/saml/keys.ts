/**
 * The key material a signing plan names. `attacker` is a fresh RSA key and self-signed certificate the
 * org makes on first use and keeps in memory for its lifetime (never written anywhere, never shown
 * in metadata), so cert-swap cases cost one key per org, not one per case.
 */
import type { Org } from '../../org.ts';
import { createSigningCredentials } from '../../saml/signing-credentials.ts';
import type { PlanKeys, SigningPlan } from '../../saml/sign-with-plan.ts';
import type { SamlApp, SigningCredentials } from '../../tenant/model.ts';

const attackerKeys = new WeakMap<Org, Promise<SigningCredentials>>();

export function attackerCredentials(org: Org): Promise<SigningCredentials> {
  let pending = attackerKeys.get(org);
  if (!pending) {
    pending = createSigningCredentials(`attacker.${org.info.name}`, org.clock());
    attackerKeys.set(org, pending);
    pending.catch(() => attackerKeys.delete(org));
  }
  return pending;
}

export class UnknownSigningKey extends Error {
  override readonly name = 'UnknownSigningKey';
}

export async function planKeys(org: Org, app: SamlApp, plan: SigningPlan): Promise<PlanKeys> {
  const appCertificatePem = app.signing.certificatePem;
  if (plan.key === 'app') return { privateKeyPem: app.signing.privateKeyPem, certificatePem: appCertificatePem, appCertificatePem };
  if (plan.key === 'attacker') {
    const attacker = await attackerCredentials(org);
    return { privateKeyPem: attacker.privateKeyPem, certificatePem: attacker.certificatePem, appCertificatePem };
  }
  const other = org.store.getApp(plan.key);
  if (!other || other.signOnMode !== 'SAML_2_0') throw new UnknownSigningKey(`no SAML app ${plan.key} in this org`);
  return { privateKeyPem: other.signing.privateKeyPem, certificatePem: other.signing.certificatePem, appCertificatePem };
}
