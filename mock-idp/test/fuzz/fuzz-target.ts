/**
 * The mock IdP the fuzz tests send their inputs to: one org with a SAML app (two ACS URLs), an OIDC
 * app with a secret and refresh tokens, a public OIDC client, users assigned directly and not, and a
 * browser already signed in (so inputs reach the steps after authentication too).
 */
import { createMockIdp, type MockIdp } from '../../index.ts';
import { TestBrowser } from '../support/browser.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID } from '../support/fixture.ts';
import { certificateBody, createSigningCredentials } from '../../src/saml/signing-credentials.ts';

export const RP_REDIRECT_URI = 'http://127.0.0.1:9/oidc/callback';
export const SECOND_ACS_URL = 'https://sp.example.test/saml/acs2';

export interface FuzzTarget {
  idp: MockIdp;
  saml: { id: string; name: string; externalKey: string; ssoUrl: string; sloUrl: string };
  oidc: { clientId: string; clientSecret: string; publicClientId: string };
  userIds: string[];
  groupId: string;
  signedIn: TestBrowser;
  acsUrls: string[];
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  // Room for what the fuzzers make (a few orgs, sessions), bounded so a runaway loop shows.
  const idp = await createMockIdp({ limits: { maxOrgs: 4 } });
  const { control } = idp;
  const alice = await control.createUser({ email: 'alice@example.com', firstName: 'Alice', lastName: 'Example', password: PASSWORD });
  const bob = await control.createUser({ email: 'bob@example.com', firstName: 'Bob', lastName: 'Example', password: PASSWORD });
  const group = await control.createGroup({ name: 'Engineering' });
  await control.addUserToGroup(group.id, bob.id);
  // Single Logout on, with an SP certificate, so logout inputs reach signature checking.
  const spKeys = await createSigningCredentials('sp.fuzz.test', new Date());
  const saml = await control.createSamlApp({
    label: 'Fuzzed SP',
    signOn: {
      ssoAcsUrl: SP_ACS_URL,
      audience: SP_ENTITY_ID,
      defaultRelayState: '/home',
      acsEndpoints: [{ url: SECOND_ACS_URL, index: 1 }],
      slo: { enabled: true, issuer: SP_ENTITY_ID, logoutUrl: 'https://sp.example.test/saml/slo' },
      participateSlo: { enabled: true, logoutRequestUrl: 'https://sp.example.test/saml/slo', bindingType: 'REDIRECT', sessionIndexRequired: false },
      spCertificate: { x5c: [certificateBody(spKeys.certificatePem)] },
    },
  });
  await control.assignUserToApp(saml.id, alice.id);
  const oidc = await control.createOidcApp({
    label: 'Fuzzed RP',
    oauthClient: {
      redirect_uris: [RP_REDIRECT_URI],
      post_logout_redirect_uris: ['http://127.0.0.1:9/signed-out'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      idp_initiated_login: { mode: 'SPEC', default_scope: ['openid'] },
      initiate_login_uri: 'http://127.0.0.1:9/initiate',
    },
  });
  await control.assignUserToApp(oidc.id, alice.id);
  await control.assignGroupToApp(oidc.id, group.id);
  const publicClient = await control.createOidcApp({
    label: 'Public RP',
    oauthClient: { redirect_uris: [RP_REDIRECT_URI], idp_initiated_login: { mode: 'SPEC', default_scope: [] }, initiate_login_uri: 'http://127.0.0.1:9/initiate' },
    credentials: { token_endpoint_auth_method: 'none', pkce_required: true },
  });
  await control.assignUserToApp(publicClient.id, alice.id);
  const setup = await control.getOidcSetup(oidc.id);
  const samlSetup = await control.getSamlSetup(saml.id);

  const signedIn = new TestBrowser();
  await signedIn.post(`${idp.url}/login/login.htm`, { username: 'alice@example.com', password: PASSWORD, fromURI: '/app/UserHome' });
  return {
    idp,
    saml: { id: saml.id, name: saml.name, externalKey: samlSetup.issuer.split('/').pop()!, ssoUrl: samlSetup.ssoUrl, sloUrl: samlSetup.ssoUrl.replace(/\/sso\/saml$/, '/slo/saml') },
    oidc: { clientId: setup.clientId, clientSecret: setup.clientSecret, publicClientId: publicClient.id },
    userIds: [alice.id, bob.id],
    groupId: group.id,
    signedIn,
    acsUrls: [SP_ACS_URL, SECOND_ACS_URL],
  };
}
