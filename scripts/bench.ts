/**
 * `npm run bench`: the figures behind the speed goals (ROADMAP 7), printed, never asserted.
 *
 * - cold start: createMockIdp() until it answers, then close();
 * - a fresh org (what every scenario makes) and a SAML app (its RSA-2048 key and certificate);
 * - SP-initiated SAML sign-ins over HTTP for a signed-in browser (request parsed, response built,
 *   Assertion and Response signed), sequential, against the raw RSA-2048 signing rate of this
 *   machine (two signatures per response, so half that rate is the ceiling).
 *
 * Everything runs in this process on 127.0.0.1; loops are bounded by count.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { createMockIdp } from '../mock-idp/index.ts';

const ACS = 'http://127.0.0.1:9/acs';
const AUDIENCE = 'http://127.0.0.1:9/metadata';

function stats(samplesMs: number[]): string {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n=${sorted.length})`;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

function authnRequest(id: string): string {
  const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" AssertionConsumerServiceURL="${ACS}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>${AUDIENCE}</saml:Issuer></samlp:AuthnRequest>`;
  return deflateRawSync(Buffer.from(xml)).toString('base64');
}

async function main(): Promise<void> {
  console.log(`bench on Node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);

  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [ms, idp] = await timed(async () => {
      const started = await createMockIdp();
      await fetch(`${started.url}/login/login.htm`);
      return started;
    });
    cold.push(ms);
    await idp.close();
  }
  console.log(`cold start to first answer: ${stats(cold)}`);

  const idp = await createMockIdp();
  try {
    const orgs: number[] = [];
    for (let i = 0; i < 20; i++) orgs.push((await timed(() => idp.createOrg()))[0]);
    console.log(`new org (POST /mock/v1/orgs equivalent): ${stats(orgs)}`);

    const apps: number[] = [];
    let appId = '';
    for (let i = 0; i < 10; i++) {
      const [ms, app] = await timed(() =>
        idp.control.createSamlApp({ label: `Bench ${i}`, signOn: { ssoAcsUrl: ACS, recipient: ACS, destination: ACS, audience: AUDIENCE } }),
      );
      apps.push(ms);
      appId = app.id;
    }
    console.log(`new SAML app (RSA-2048 key + certificate): ${stats(apps)}`);

    const user = await idp.control.createUser({ email: 'bench@example.com', firstName: 'Bench', lastName: 'User', password: 'Bench-password-1' });
    await idp.control.assignUserToApp(appId, user.id);
    const { ssoUrl } = await idp.control.getSamlSetup(appId);

    // Sign in once; every measured request then reuses the session, as a second SSO does.
    const form = new URLSearchParams({ username: 'bench@example.com', password: 'Bench-password-1', fromURI: '/app/UserHome' });
    const signIn = await fetch(`${idp.url}/login/login.htm`, { method: 'POST', body: form, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const cookie = signIn.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');

    const ssoTimes: number[] = [];
    const count = 300;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const url = `${ssoUrl}?SAMLRequest=${encodeURIComponent(authnRequest(`_bench${i}`))}&RelayState=r`;
      const [ms, response] = await timed(() => fetch(url, { headers: { cookie } }));
      const body = await response.text();
      if (response.status !== 200 || !body.includes('SAMLResponse')) throw new Error(`SSO answered ${response.status}`);
      ssoTimes.push(ms);
    }
    const perSecond = count / ((performance.now() - started) / 1000);
    console.log(`SP-initiated SAML sign-in, signed-in browser: ${stats(ssoTimes)}, ${perSecond.toFixed(0)} responses/s sequential`);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.alloc(512, 1);
    const rsaStart = performance.now();
    let signatures = 0;
    while (performance.now() - rsaStart < 1000) {
      sign('sha256', data, privateKey);
      signatures++;
    }
    const rsaPerSecond = signatures / ((performance.now() - rsaStart) / 1000);
    console.log(`raw RSA-2048 SHA-256 signatures: ${rsaPerSecond.toFixed(0)}/s → ceiling ${(rsaPerSecond / 2).toFixed(0)} responses/s (two signatures each)`);
  } finally {
    await idp.close();
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
