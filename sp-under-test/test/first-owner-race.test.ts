// Inigo: "The first account that logs into Inigo via Okta will be set as the Inigo account owner".
// Two first sign-ins racing into the same accountless organization must produce exactly one owner.
// Real HTTP end to end: the real mock IdP (SAML app / OIDC app, its sign-in page) and the reference
// SP (operator-created organization, JIT). Both sign-ins run concurrently from the start, and the
// requests that decide (the ACS posts, the OIDC callbacks) are sent together.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Browser } from './helpers/http.ts';
import { throughOkta } from './helpers/mock-okta.ts';
import { members, operatorOrg } from './helpers/sp-org.ts';

const PASSWORD = 'Race-password-1';
const ROUNDS = 4;

let idp: MockIdp;
let sp: ReferenceSp;
before(async () => {
  idp = await createMockIdp();
  sp = await createReferenceSp({ port: 0 });
});
after(async () => {
  await sp.close();
  await idp.close();
});

/** Resolves every waiter once `parties` have arrived, so the decisive requests leave together. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return all;
  };
}

async function twoOktaUsers(appId: string, round: string): Promise<string[]> {
  const emails = [`first-${round}@race.example`, `second-${round}@race.example`];
  for (const email of emails) {
    const user = await idp.control.createUser({ email, firstName: 'Racer', lastName: round, password: PASSWORD });
    await idp.control.assignUserToApp(appId, user.id);
  }
  return emails;
}

function assertOneOwner(list: Array<{ email: string; role: string; status: string }>, emails: string[]): void {
  assert.equal(list.length, 2, `expected two accounts, got ${JSON.stringify(list)}`);
  assert.deepEqual(list.map((m) => m.email).sort(), [...emails].sort());
  assert.equal(list.filter((m) => m.role === 'owner').length, 1, `exactly one owner: ${JSON.stringify(list)}`);
  assert.equal(list.filter((m) => m.role === 'member').length, 1);
  assert.ok(list.every((m) => m.status === 'active'));
}

void describe('two first sign-ins racing into an accountless organization', () => {
  void it('over SAML: exactly one owner, every round', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const tag = `saml${round}-${Date.now()}`;
      const app = await idp.control.createSamlApp({
        label: `Race ${tag}`,
        signOn: {
          ssoAcsUrl: 'https://example.com/temporary/acs',
          audience: 'https://example.com/temporary/audience',
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        },
        userNameTemplate: '${source.email}',
      });
      const emails = await twoOktaUsers(app.id, tag);
      const portalKey = `race-${tag}`;
      const org = await operatorOrg(sp.url, sp.operatorToken, `Race ${tag}`, { protocol: 'saml', portalKey, idpMetadataXml: await idp.control.getSamlMetadata(app.id) });
      const acs = String(org.sso['spAcsUrl']);
      await idp.control.updateSamlApp(app.id, { signOn: { ssoAcsUrl: acs, recipient: acs, destination: acs, audience: String(org.sso['spEntityId']) } });
      assert.deepEqual(await members(sp.url, org), [], 'the organization starts with no account');

      const together = barrier(2);
      const signIn = async (email: string): Promise<string | null> => {
        const browser = new Browser();
        const start = await browser.get(`${sp.url}/sso?key=${portalKey}`);
        const handBack = await throughOkta(browser, start.headers.get('location')!, idp.url, email, PASSWORD);
        assert.equal(handBack.kind, 'saml-form', `${email}: Okta did not answer with a SAML form`);
        if (handBack.kind !== 'saml-form') return null;
        await together();
        const posted = await browser.postForm(handBack.action, { SAMLResponse: handBack.SAMLResponse, ...(handBack.RelayState ? { RelayState: handBack.RelayState } : {}) });
        return posted.headers.get('location');
      };
      assert.deepEqual(await Promise.all(emails.map(signIn)), ['/home', '/home']);
      assertOneOwner(await members(sp.url, org), emails);
    }
  });

  void it('over OIDC: exactly one owner, every round', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const tag = `oidc${round}-${Date.now()}`;
      const app = await idp.control.createOidcApp({ label: `Race ${tag}`, oauthClient: { redirect_uris: ['https://example.com/temporary/callback'] } });
      const emails = await twoOktaUsers(app.id, tag);
      const setup = await idp.control.getOidcSetup(app.id);
      const portalKey = `race-${tag}`;
      const org = await operatorOrg(sp.url, sp.operatorToken, `Race ${tag}`, {
        protocol: 'oidc',
        portalKey,
        oidcIssuer: setup.issuer,
        oidcClientId: setup.clientId,
        oidcClientSecret: setup.clientSecret,
      });
      const redirectUri = String(org.sso['oidcRedirectUri']);
      await idp.control.updateOidcApp(app.id, { oauthClient: { redirect_uris: [redirectUri] } });

      const together = barrier(2);
      const signIn = async (email: string): Promise<string | null> => {
        const browser = new Browser();
        const start = await browser.get(`${sp.url}/sso?key=${portalKey}`);
        const handBack = await throughOkta(browser, start.headers.get('location')!, idp.url, email, PASSWORD);
        assert.ok(handBack.kind === 'redirect' && handBack.location.startsWith(redirectUri), `${email}: Okta did not send the code back`);
        if (handBack.kind !== 'redirect') return null;
        await together();
        return (await browser.get(handBack.location)).headers.get('location');
      };
      assert.deepEqual(await Promise.all(emails.map(signIn)), ['/home', '/home']);
      assertOneOwner(await members(sp.url, org), emails);
    }
  });
});
