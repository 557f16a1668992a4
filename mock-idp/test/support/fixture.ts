/**
 * A running mock IdP with one SAML app and three users (assigned, unassigned, assigned through a
 * group), made through the control API the way the harness makes them.
 */
import { createMockIdp, type MockIdp, type MockIdpOptions, type OktaSamlApp, type SamlSignOn } from '../../index.ts';
import { TestBrowser, fromUriOf, isSignInPage, readAutoPostForm, type AutoPostForm } from './browser.ts';

export const SP_ENTITY_ID = 'https://sp.example.test/saml/metadata';
export const SP_ACS_URL = 'https://sp.example.test/saml/acs';
export const PASSWORD = 'correct horse battery staple';

export interface Fixture {
  idp: MockIdp;
  app: OktaSamlApp;
  ssoUrl: string;
  certificatePem: string;
  metadataXml: string;
  users: { alice: string; bob: string; carol: string };
  /** Engineering: carol is in it, and it is assigned to the app. */
  groupId: string;
}

export async function startFixture(signOn: Partial<SamlSignOn> = {}, clock?: () => Date, options: MockIdpOptions = {}): Promise<Fixture> {
  const idp = await createMockIdp({ ...options, ...(clock ? { clock } : {}) });
  const { control } = idp;
  const make = (first: string) =>
    control.createUser({ email: `${first.toLowerCase()}@example.com`, firstName: first, lastName: 'Example', password: PASSWORD });
  const [alice, bob, carol] = await Promise.all([make('Alice'), make('Bob'), make('Carol')]);
  const group = await control.createGroup({ name: 'Engineering' });
  await control.addUserToGroup(group.id, carol.id);
  const app = await control.createSamlApp({
    label: 'Reference SP',
    signOn: {
      ssoAcsUrl: SP_ACS_URL,
      audience: SP_ENTITY_ID,
      subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributeStatements: [
        { type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.email'] },
        { type: 'EXPRESSION', name: 'firstName', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.firstName'] },
      ],
      ...signOn,
    },
    userNameTemplate: '${source.email}',
  });
  await control.assignUserToApp(app.id, alice.id);
  await control.assignGroupToApp(app.id, group.id);
  const setup = await control.getSamlSetup(app.id);
  return {
    idp,
    app,
    ssoUrl: setup.ssoUrl,
    certificatePem: setup.certificatePem,
    metadataXml: await control.getSamlMetadata(app.id),
    users: { alice: alice.id, bob: bob.id, carol: carol.id },
    groupId: group.id,
  };
}

/**
 * Opens `url` on the IdP, signs in as `login` when the sign-in page shows, and returns the page the
 * IdP ends on, with the SAML form if there is one.
 */
export async function signInThrough(
  browser: TestBrowser,
  url: string,
  login: string,
  password = PASSWORD,
): Promise<{ askedForPassword: boolean; status: number; html: string; form: AutoPostForm | undefined }> {
  const first = await browser.follow(await browser.get(url), url);
  const at = first.url;
  let response = first.response;
  let html = await response.text();
  let askedForPassword = false;
  if (isSignInPage(html)) {
    askedForPassword = true;
    const posted = await browser.post(new URL('/login/login.htm', at).href, { username: login, password, fromURI: fromUriOf(html) });
    ({ response } = await browser.follow(posted, at));
    html = await response.text();
  }
  return { askedForPassword, status: response.status, html, form: readAutoPostForm(html) };
}

export interface Browsed {
  /** The first location that left the IdP (never fetched), if any. */
  location: string | undefined;
  askedForPassword: boolean;
  status: number;
  html: string;
}

/**
 * Opens `url` on the IdP and follows it while it stays on the IdP, signing in as `login` when the
 * sign-in page shows (once); stops at the first redirect away from the IdP or at a page.
 */
export async function browse(browser: TestBrowser, url: string, login?: string, password = PASSWORD): Promise<Browsed> {
  const origin = new URL(url).origin;
  let at = url;
  let response = await browser.get(url);
  let askedForPassword = false;
  for (let hop = 0; hop < 15; hop++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, at).href;
      if (new URL(next).origin !== origin) return { location: next, askedForPassword, status: response.status, html: '' };
      at = next;
      response = await browser.get(next);
      continue;
    }
    const html = await response.text();
    if (isSignInPage(html) && login && !askedForPassword) {
      askedForPassword = true;
      response = await browser.post(new URL('/login/login.htm', at).href, { username: login, password, fromURI: fromUriOf(html) });
      continue;
    }
    return { location: undefined, askedForPassword: askedForPassword || isSignInPage(html), status: response.status, html };
  }
  throw new Error('too many redirects');
}
