// Restarts, both directions, with in-process servers (issue 8): after either server restarts, the
// SP's answers are coded refusals that say what to do, never a 5xx of its own making.
//
//   the mock IdP restarts (new keys, new port)  → a SAML response signed with the new key is
//     SSO_SIGNATURE_INVALID (re-import the metadata); an OP that is gone is
//     SSO_OIDC_PROVIDER_UNAVAILABLE (check the issuer) — at the token call, and at the next
//     discovery; after the admin saves the new values, sign-in works again.
//   the SP restarts (all state lost, or organizations kept but sessions and sign-ins in progress
//   lost)  → a late SAMLResponse or OIDC callback is SSO_UNKNOWN_ORGANIZATION, or
//     SSO_INRESPONSETO_MISMATCH / SSO_OIDC_STATE_MISMATCH (start again).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Store } from '../src/store.ts';
import { resolveLimits } from '../src/limits.ts';
import { Browser, testIdAttr, testIdText } from './helpers/http.ts';
import { startMockIdpFor, walkIdp, type MockIdpForSp } from './helpers/mock-idp-org.ts';
import { inviteTo, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';

/** The SP's clock: real time plus an offset a test can move forward. */
function movableClock(): { clock: () => Date; advance(ms: number): void } {
  let offset = 0;
  return { clock: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

interface SpSide {
  org: SpOrg;
  acsUrl: string;
  entityId: string;
  redirectUri: string;
  login: string;
}

async function spOrg(sp: ReferenceSp, label: string): Promise<SpSide> {
  const org = await signupOrg(sp.url, label);
  const j = (await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { spAcsUrl: string; spEntityId: string; oidcRedirectUri: string };
  const login = `alice-${org.orgId.slice(0, 8)}@restart.example`;
  await inviteTo(sp.url, org, login);
  return { org, acsUrl: j.spAcsUrl, entityId: j.spEntityId, redirectUri: j.oidcRedirectUri, login };
}

async function configureSaml(sp: ReferenceSp, side: SpSide, idp: MockIdpForSp, extra: Record<string, unknown> = {}): Promise<string> {
  const portalKey = `rs-${side.org.orgId.slice(0, 8)}`;
  const res = await orgApi(sp.url, side.org, 'PUT', '/sso', { portalKey, idpSsoUrl: idp.saml.ssoUrl, idpIssuer: idp.saml.issuer, idpCertificate: idp.saml.certificatePem, ...extra });
  assert.equal(res.status, 200, await res.clone().text());
  return portalKey;
}

async function configureOidc(sp: ReferenceSp, side: SpSide, idp: MockIdpForSp): Promise<string> {
  const portalKey = `ro-${side.org.orgId.slice(0, 8)}`;
  const res = await orgApi(sp.url, side.org, 'PUT', '/sso', { protocol: 'oidc', portalKey, oidcIssuer: idp.oidc.issuer, oidcClientId: idp.oidc.clientId, oidcClientSecret: idp.oidc.clientSecret });
  assert.equal(res.status, 200, await res.clone().text());
  return portalKey;
}

/** /sso?key=… and through the IdP: the SAML form or the OIDC callback the IdP sends back (not yet delivered to the SP). */
async function startThroughIdp(sp: ReferenceSp, browser: Browser, portalKey: string, login: string): Promise<{ samlForm?: { action: string; fields: Record<string, string> }; location?: string }> {
  const start = await browser.get(`${sp.url}/sso?key=${portalKey}`);
  assert.equal(start.status, 302);
  return walkIdp(browser, start.headers.get('location')!, login);
}

async function refusal(res: Response): Promise<{ status: number; code: string | undefined; message: string | undefined }> {
  const html = await res.text();
  assert.doesNotMatch(html, /\n\s+at |node_modules|\.ts:\d/);
  return { status: res.status, code: testIdAttr(html, 'sso-error', 'data-error-code'), message: testIdText(html, 'sso-error-message') };
}

void describe('the mock IdP restarts (new keys, new port)', () => {
  void it('SAML: a response signed with its new key is SSO_SIGNATURE_INVALID until the admin imports the new metadata', async () => {
    const sp = await createReferenceSp({ port: 0 });
    const side = await spOrg(sp, 'idprestart');
    let idp = await startMockIdpFor(side, side.login);
    try {
      const portalKey = await configureSaml(sp, side, idp, { allowIdpInitiated: true });
      const before = new Browser();
      const { samlForm } = await startThroughIdp(sp, before, portalKey, side.login);
      assert.equal((await before.postForm(samlForm!.action, samlForm!.fields)).status, 303, 'sign-in works before the restart');

      await idp.idp.close();
      idp = await startMockIdpFor(side, side.login);
      // The Okta dashboard of the restarted IdP sends an IdP-initiated response to the same ACS.
      const browser = new Browser();
      const sent = await walkIdp(browser, idp.saml.ssoUrl, side.login);
      const answer = await refusal(await browser.postForm(sent.samlForm!.action, sent.samlForm!.fields));
      assert.equal(answer.status, 401);
      assert.equal(answer.code, 'SSO_SIGNATURE_INVALID');
      assert.ok(answer.message, 'the refusal says what to do');
      assert.equal(await whoAmI(sp.url, browser), null);

      // What the message asks for: import the new values; then the same path signs in.
      await configureSaml(sp, side, idp, { allowIdpInitiated: true });
      const again = await walkIdp(browser, idp.saml.ssoUrl, side.login);
      assert.equal((await browser.postForm(again.samlForm!.action, again.samlForm!.fields)).status, 303);
      assert.equal((await whoAmI(sp.url, browser))?.method, 'saml');
    } finally {
      await idp.idp.close();
      await sp.close();
    }
  });

  void it('OIDC: the OP gone is SSO_OIDC_PROVIDER_UNAVAILABLE (502) at the token call and at the next discovery; the new issuer saved, it works again', async () => {
    const { clock, advance } = movableClock();
    const sp = await createReferenceSp({ port: 0, clock });
    const side = await spOrg(sp, 'oprestart');
    let idp = await startMockIdpFor(side, side.login);
    try {
      const portalKey = await configureOidc(sp, side, idp);
      const ok = new Browser();
      const { location } = await startThroughIdp(sp, ok, portalKey, side.login);
      assert.equal((await ok.get(location!)).status, 303, 'sign-in works before the restart');

      // A sign-in in flight when the OP goes away: the code comes back, the token endpoint is gone.
      const inFlight = new Browser();
      const callback = (await startThroughIdp(sp, inFlight, portalKey, side.login)).location!;
      await idp.idp.close();
      const atToken = await refusal(await inFlight.get(callback));
      assert.equal(atToken.status, 502);
      assert.equal(atToken.code, 'SSO_OIDC_PROVIDER_UNAVAILABLE');
      assert.ok(atToken.message?.includes(idp.oidc.issuer), 'the refusal names the issuer to check');

      // The OP comes back elsewhere. Once the discovered configuration is due again, starting a sign-in is refused with the advice.
      idp = await startMockIdpFor(side, side.login);
      advance(resolveLimits().discoveryTtlMs + 1);
      const atStart = await refusal(await new Browser().get(`${sp.url}/sso?key=${portalKey}`));
      assert.equal(atStart.status, 502);
      assert.equal(atStart.code, 'SSO_OIDC_PROVIDER_UNAVAILABLE');
      // Back to the OP's time: the SP checks an id_token's age on its own clock, and the mock's
      // authorization servers sign on the real one.
      advance(-(resolveLimits().discoveryTtlMs + 1));

      await configureOidc(sp, side, idp);
      const after = new Browser();
      const back = await startThroughIdp(sp, after, portalKey, side.login);
      assert.equal((await after.get(back.location!)).status, 303);
      assert.equal((await whoAmI(sp.url, after))?.method, 'oidc');
    } finally {
      await idp.idp.close();
      await sp.close();
    }
  });
});

void describe('the SP restarts', () => {
  /** Stops `sp` and starts another on the same port (same URLs), with `store` or nothing kept. */
  async function restart(sp: ReferenceSp, store?: Store): Promise<ReferenceSp> {
    const port = Number(new URL(sp.url).port);
    await sp.close();
    // Let the test's HTTP client see its kept-alive sockets closed before it sends on them.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return createReferenceSp({ port, ...(store ? { store } : {}) });
  }

  /** What a database would keep across a restart: organizations and accounts; sessions and sign-ins in progress are gone. */
  function persisted(from: Store): Store {
    const store = new Store(() => new Date());
    for (const [id, org] of from.orgs) store.orgs.set(id, org);
    for (const [id, account] of from.accounts) store.accounts.set(id, account);
    return store;
  }

  /**
   * A SAML organization (`label`) and an OIDC one (`label` + o) on `sp`, each with its own mock IdP, and
   * one browser in which both sign-ins are started and their answers not yet delivered.
   */
  async function signInsInFlight(sp: ReferenceSp, label: string) {
    const samlSide = await spOrg(sp, label);
    const oidcSide = await spOrg(sp, `${label}o`);
    const idpSaml = await startMockIdpFor(samlSide, samlSide.login);
    const idpOidc = await startMockIdpFor(oidcSide, oidcSide.login);
    const close = async (): Promise<void> => {
      await idpSaml.idp.close();
      await idpOidc.idp.close();
    };
    try {
      const samlKey = await configureSaml(sp, samlSide, idpSaml);
      const oidcKey = await configureOidc(sp, oidcSide, idpOidc);
      const browser = new Browser();
      const { samlForm } = await startThroughIdp(sp, browser, samlKey, samlSide.login);
      const { location } = await startThroughIdp(sp, browser, oidcKey, oidcSide.login);
      return { samlSide, samlKey, browser, samlForm: samlForm!, location: location!, close };
    } catch (error) {
      await close();
      throw error;
    }
  }

  void it('with nothing kept, a late SAMLResponse and a late OIDC callback are SSO_UNKNOWN_ORGANIZATION (404)', async () => {
    let sp = await createReferenceSp({ port: 0 });
    const { browser, samlForm, location, close } = await signInsInFlight(sp, 'sprestart');
    try {
      sp = await restart(sp);
      for (const res of [await browser.postForm(samlForm.action, samlForm.fields), await browser.get(location)]) {
        const answer = await refusal(res);
        assert.equal(answer.status, 404);
        assert.equal(answer.code, 'SSO_UNKNOWN_ORGANIZATION');
      }
    } finally {
      await close();
      await sp.close();
    }
  });

  void it('with organizations kept, the late SAMLResponse is SSO_INRESPONSETO_MISMATCH and the late callback SSO_OIDC_STATE_MISMATCH; starting again signs in', async () => {
    const store = new Store(() => new Date());
    let sp = await createReferenceSp({ port: 0, store });
    const { samlSide, samlKey, browser, samlForm, location, close } = await signInsInFlight(sp, 'spkeep');
    try {
      sp = await restart(sp, persisted(store));
      const late = await refusal(await browser.postForm(samlForm.action, samlForm.fields));
      assert.deepEqual([late.status, late.code], [401, 'SSO_INRESPONSETO_MISMATCH']);
      const lateCallback = await refusal(await browser.get(location));
      assert.deepEqual([lateCallback.status, lateCallback.code], [401, 'SSO_OIDC_STATE_MISMATCH']);

      // What the refusal asks for: start the sign-in again (the IdP session is still there).
      const again = await startThroughIdp(sp, browser, samlKey, samlSide.login);
      assert.equal((await browser.postForm(again.samlForm!.action, again.samlForm!.fields)).status, 303);
      assert.equal((await whoAmI(sp.url, browser))?.email, samlSide.login);
    } finally {
      await close();
      await sp.close();
    }
  });
});
