/**
 * Trusting the mock IdP's local CA inside a running test process, the way a Node program that cannot
 * set NODE_EXTRA_CA_CERTS before it starts does: an undici agent with the CA as fetch's global
 * dispatcher (fetch, openid-client), and the CA on node:https's global agent (jwks-rsa, which
 * @okta/jwt-verifier uses). Nothing is switched off: certificates are verified, against the
 * machine's roots plus this one CA.
 */
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

export function trustCaInThisProcess(caPem: string): void {
  const ca = [...rootCertificates, caPem];
  setGlobalDispatcher(new Agent({ connect: { ca } }));
  https.globalAgent.options.ca = ca;
}
