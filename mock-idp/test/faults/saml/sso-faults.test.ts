/**
 * SAML faults end to end: set through POST /mock/v1/faults (the control client), applied by a real
 * SP-initiated or dashboard sign-in, judged by node-saml as the SP, and recorded in
 * GET /mock/v1/faults/sent. Also the API's coded refusals for bad SAML params, and the XXE canary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { ControlApiError } from '../../../src/control-client.ts';
import { TestBrowser, readAutoPostForm, tilesOf } from '../../support/browser.ts';
import { browse, signInThrough, startFixture, type Fixture } from '../../support/fixture.ts';
import { nodeSamlSp, oktaIssuerOf, signedResponseSp } from '../../support/node-saml-sp.ts';

const VICTIM = 'owner@victim.example';
const AUDIENCE = 'Response/Assertion/Conditions/AudienceRestriction/Audience';

describe('SAML faults through the API and a real sign-in', () => {
  let fixture: Fixture;
  let sp: SAML;

  before(async () => {
    fixture = await startFixture();
    sp = signedResponseSp(fixture, { validateInResponseTo: ValidateInResponseTo.never });
  });
  after(() => fixture.idp.close());

  const control = () => fixture.idp.control;

  async function spInitiated(browser = new TestBrowser(), relayState = 'back-to-/home') {
    const outcome = await signInThrough(browser, await sp.getAuthorizeUrlAsync(relayState, undefined, {}), 'alice@example.com');
    assert.ok(outcome.form, 'the IdP answered with a SAML form');
    return { ...outcome.form, xml: Buffer.from(outcome.form.SAMLResponse, 'base64').toString('utf8') };
  }

  const accepted = async (samlResponse: string): Promise<string | undefined> => {
    try {
      return (await sp.validatePostResponseAsync({ SAMLResponse: samlResponse })).profile?.nameID ?? undefined;
    } catch {
      return undefined;
    }
  };

  test('with no fault set, a sign-in is untouched and nothing is recorded', async () => {
    await control().clearSentWithFaults();
    const form = await spInitiated();
    assert.equal(await accepted(form.SAMLResponse), 'alice@example.com');
    assert.deepEqual(await control().sentWithFaults(), []);
  });

  test('a once fault at all three points changes the next Response only, and the record shows what was sent', async () => {
    const fault = await control().addFault({
      label: 'audience-xsw',
      appId: fixture.app.id,
      userId: 'alice@example.com',
      mutations: [
        { name: 'set-text', params: { target: AUDIENCE, value: '{original}1' } },
        { name: 'sign', params: { assertion: 'unsigned' } },
        { name: 'relay-state', params: { value: 'https://evil.test/' } },
      ],
    });
    const faulted = await spInitiated();
    assert.match(faulted.xml, /<saml2:Audience>https:\/\/sp\.example\.test\/saml\/metadata1<\/saml2:Audience>/);
    assert.equal((faulted.xml.match(/<ds:Signature /g) ?? []).length, 1, 'only the Response is signed');
    assert.equal(faulted.RelayState, 'https://evil.test/');
    assert.equal(await accepted(faulted.SAMLResponse), undefined, 'node-saml refuses the wrong audience');

    const [record, ...more] = await control().sentWithFaults('audience-xsw');
    assert.equal(more.length, 0);
    assert.equal(record!.sentTo, 'SAML Response to https://sp.example.test/saml/acs');
    assert.equal(record!.appId, fixture.app.id);
    assert.equal(record!.userId, fixture.users.alice);
    assert.equal(record!.message.kind, 'saml-response');
    assert.equal(record!.message.text, faulted.xml);
    assert.deepEqual(record!.faults, [
      {
        id: fault.id,
        label: 'audience-xsw',
        mutations: [
          { name: 'set-text', point: 'saml.response' },
          { name: 'sign', point: 'saml.signing' },
          { name: 'relay-state', point: 'saml.signed' },
        ],
      },
    ]);
    assert.deepEqual(await control().listFaults(), [], 'the once fault is retired');
    const next = await spInitiated();
    assert.equal(await accepted(next.SAMLResponse), 'alice@example.com', 'the next sign-in is clean again');
  });

  test('a signature-wrapping fault: the victim in the forged part, node-saml refuses, the record holds the attack', async () => {
    await control().addFault({ label: 'xsw3', appId: fixture.app.id, mutations: [{ name: 'xsw', params: { variant: 3, identity: VICTIM } }] });
    const form = await spInitiated();
    assert.match(form.xml, /ID="_evil_assertion_ID"[\s\S]*owner@victim\.example/);
    assert.equal(await accepted(form.SAMLResponse), undefined);
    assert.equal((await control().sentWithFaults('xsw3'))[0]!.message.text, form.xml);
  });

  test('a mutation whose target is missing is recorded as not applied, with its reason; the Response still goes out', async () => {
    await control().addFault({
      label: 'missing-target',
      appId: fixture.app.id,
      mutations: [
        { name: 'remove-element', params: { target: 'Response/Assertion/Advice' } },
        { name: 'set-attribute', params: { target: 'Response', name: 'Version', value: '1.1' } },
      ],
    });
    const form = await spInitiated();
    assert.match(form.xml, /Version="1\.1"/);
    const [record] = await control().sentWithFaults('missing-target');
    assert.deepEqual(record!.faults[0]!.mutations, [
      { name: 'remove-element', point: 'saml.response', notApplied: 'no element at Response/Assertion/Advice' },
      { name: 'set-attribute', point: 'saml.response' },
    ]);
  });

  test('an edit that removes what the signer anchors on (the Assertion Issuer) still gives a signed Response, never an error page', async () => {
    await control().addFault({ label: 'no-issuer', appId: fixture.app.id, mutations: [{ name: 'remove-element', params: { target: 'Response/Assertion/Issuer' } }] });
    const form = await spInitiated();
    const assertion = /<saml2:Assertion [\s\S]*<\/saml2:Assertion>/.exec(form.xml)![0];
    assert.ok(!assertion.includes('<saml2:Issuer'), 'the Assertion has no Issuer');
    assert.match(assertion, /^<saml2:Assertion [^>]*><ds:Signature /, 'its Signature comes first instead');
    assert.equal((await control().sentWithFaults('no-issuer')).length, 1);
    // node-saml checks only the Response's Issuer, so it accepts: proof both signatures are good. An SP
    // must refuse the missing Assertion Issuer itself (the catalogue's saml-issuer-assertion-missing).
    assert.equal(await accepted(form.SAMLResponse), 'alice@example.com');
  });

  test('cert-swap: signed with the attacker key and its certificate in KeyInfo; node-saml trusts only the configured certificate', async () => {
    await control().addFault({ label: 'cert-swap', appId: fixture.app.id, mutations: [{ name: 'sign', params: { key: 'attacker' } }] });
    const form = await spInitiated();
    const keyInfoCertificate = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(form.xml)![1]!;
    assert.ok(!fixture.certificatePem.replace(/-----[^-]+-----|\s/g, '').includes(keyInfoCertificate), 'KeyInfo carries a certificate that is not the app’s');
    assert.equal(await accepted(form.SAMLResponse), undefined);
  });

  test('cross-tenant key: validly signed by another SAML app of the org; node-saml refuses', async () => {
    const other = await control().createSamlApp({ label: 'Other tenant', signOn: { ssoAcsUrl: 'https://other.example.test/acs', audience: 'urn:other' } });
    await control().addFault({ label: 'cross-tenant', appId: fixture.app.id, mutations: [{ name: 'sign', params: { key: other.id } }] });
    const form = await spInitiated();
    assert.equal(await accepted(form.SAMLResponse), undefined);
    const otherCertificate = (await control().getSamlSetup(other.id)).certificatePem;
    const otherSp = nodeSamlSp(otherCertificate, { idpIssuer: oktaIssuerOf(fixture.ssoUrl), wantAuthnResponseSigned: true });
    assert.equal((await otherSp.validatePostResponseAsync({ SAMLResponse: form.SAMLResponse })).profile?.nameID, 'alice@example.com', 'it is a genuine signature, by the other app’s key');
  });

  test('replay-previous resends the Response the org sent to the same app and user before', async () => {
    const browser = new TestBrowser();
    const first = await spInitiated(browser);
    await control().addFault({ label: 'replay', appId: fixture.app.id, mutations: [{ name: 'replay-previous' }] });
    const replayed = await spInitiated(browser, 'second-relay');
    assert.equal(replayed.xml, first.xml);
    assert.equal(replayed.RelayState, 'second-relay');
    assert.equal((await control().sentWithFaults('replay'))[0]!.message.text, first.xml);
  });

  test('faults scoped to another user or another app leave this sign-in alone', async () => {
    const other = await control().createSamlApp({ label: 'Unrelated', signOn: { ssoAcsUrl: 'https://unrelated.example.test/acs', audience: 'urn:unrelated' } });
    await control().addFault({ label: 'carol-only', appId: fixture.app.id, userId: fixture.users.carol, mode: 'until-cleared', mutations: [{ name: 'remove-signatures' }] });
    await control().addFault({ label: 'other-app', appId: other.id, mode: 'until-cleared', mutations: [{ name: 'remove-signatures' }] });
    assert.equal(await accepted((await spInitiated()).SAMLResponse), 'alice@example.com');
    assert.equal(await control().clearFaults(), 2);
  });

  test('an IdP-initiated Response from the dashboard tile gets the same faults', async () => {
    await control().addFault({ label: 'tile', appId: fixture.app.id, mutations: [{ name: 'set-text', params: { target: 'Response/Assertion/Issuer', value: 'https://evil.example/idp' } }] });
    const browser = new TestBrowser();
    const dashboard = await browse(browser, `${fixture.idp.url}/app/UserHome`, 'alice@example.com');
    const tile = tilesOf(dashboard.html).find((candidate) => candidate.appId === fixture.app.id)!;
    const launched = await browse(browser, new URL(tile.href, fixture.idp.url).href);
    const form = readAutoPostForm(launched.html);
    assert.ok(form);
    const xml = Buffer.from(form.SAMLResponse, 'base64').toString('utf8');
    assert.ok(!xml.includes('InResponseTo'), 'an unsolicited Response');
    assert.match(xml, /<saml2:Issuer [^>]*>https:\/\/evil\.example\/idp<\/saml2:Issuer>/);
    const [record] = await control().sentWithFaults('tile');
    assert.equal(record!.message.text, xml);
  });

  test('bad SAML params are refused with 400 E0000001 naming the field, and nothing is set', async () => {
    const refused = async (mutations: { name: string; params?: Record<string, unknown> }[]): Promise<string[]> => {
      try {
        await control().addFault({ appId: fixture.app.id, mutations });
      } catch (error) {
        assert.ok(error instanceof ControlApiError);
        assert.equal(error.status, 400);
        assert.equal(error.errorCode, 'E0000001');
        return error.errorCauses.map((cause) => cause.split(':')[0]!);
      }
      assert.fail('the fault was accepted');
    };
    assert.deepEqual(await refused([{ name: 'xsw', params: { variant: 12, identity: VICTIM } }]), ['mutations[0].params.variant']);
    assert.deepEqual(await refused([{ name: 'set-text', params: { target: 'Assertion/Issuer', value: 'x' } }]), ['mutations[0].params.target']);
    assert.deepEqual(await refused([{ name: 'set-attribute', params: { target: AUDIENCE, name: 'x', value: '{now-6q}' } }]), ['mutations[0].params.value']);
    assert.deepEqual(await refused([{ name: 'sign', params: { signatureAlgorithm: 'rsa-md5' } }, { name: 'xxe', params: { variant: 'external' } }]), [
      'mutations[0].params.signatureAlgorithm',
      'mutations[1].params.canaryUrl',
    ]);
    assert.deepEqual(await control().listFaults(), []);
  });

  test('the mutation list names every SAML mutation with its point', async () => {
    const listed = await control().listFaultMutations();
    const saml = listed.filter((mutation) => mutation.point.startsWith('saml.'));
    assert.ok(saml.length >= 30);
    assert.deepEqual(
      ['set-attribute', 'sign', 'xsw', 'void-canonicalization', 'replay-previous'].map((name) => saml.find((mutation) => mutation.name === name)?.point),
      ['saml.response', 'saml.signing', 'saml.signed', 'saml.signed', 'saml.signed'],
    );
  });

  test('the XXE canary: public to fetch with any token (a case label too), counted, read back only with the API token', async () => {
    const token = 'saml-xxe-external#1a2b3c4d';
    const url = control().canaryUrl(token);
    assert.ok(url.endsWith('/mock/v1/canary/saml-xxe-external%231a2b3c4d'));
    assert.equal(await control().canaryHits(token), 0);
    for (let i = 0; i < 2; i += 1) await fetch(url);
    assert.equal(await control().canaryHits(token), 2);
    assert.deepEqual(
      (await control().listCanaryHits(token)).map((hit) => [hit.token, hit.method]),
      [
        [token, 'GET'],
        [token, 'GET'],
      ],
    );
    assert.equal((await fetch(`${fixture.idp.url}/mock/v1/faults/canary/${encodeURIComponent(token)}`)).status, 401);
  });

  test('an xxe fault points the SP at the canary; node-saml never fetches it', async () => {
    const canaryUrl = control().canaryUrl('saml-xxe#2');
    await control().addFault({ label: 'xxe', appId: fixture.app.id, mutations: [{ name: 'xxe', params: { variant: 'external', canaryUrl } }] });
    const form = await spInitiated();
    assert.ok(form.xml.includes(`<!ENTITY xxe SYSTEM "${canaryUrl}">`));
    assert.equal(await accepted(form.SAMLResponse), undefined);
    assert.equal(await control().canaryHits('saml-xxe#2'), 0);
  });
});

describe('SAML faults from a tenant file', () => {
  test('a fault in the tenant file (app by label, user by login) applies to that sign-in from the start', async () => {
    const { createMockIdp } = await import('../../../index.ts');
    const idp = await createMockIdp({
      tenant: {
        users: [{ profile: { email: 'alice@example.com', firstName: 'Alice', lastName: 'Example' }, credentials: { password: { value: 'correct horse battery staple' } } }],
        apps: [
          {
            label: 'Reference SP',
            signOnMode: 'SAML_2_0',
            settings: { signOn: { ssoAcsUrl: 'https://sp.example.test/saml/acs', audience: 'https://sp.example.test/saml/metadata' } },
            assignments: { users: ['alice@example.com'] },
          },
        ],
        faults: [{ label: 'from-file', app: 'Reference SP', user: 'alice@example.com', mutations: [{ name: 'xsw', params: { variant: 1, identity: VICTIM } }] }],
      },
    });
    try {
      const [app] = await idp.control.listApps();
      const setup = await idp.control.getSamlSetup(app!.id);
      const outcome = await signInThrough(new TestBrowser(), setup.ssoUrl, 'alice@example.com', 'correct horse battery staple');
      assert.ok(outcome.form);
      assert.match(Buffer.from(outcome.form.SAMLResponse, 'base64').toString('utf8'), /ID="_evil_response_ID"/);
      assert.equal((await idp.control.sentWithFaults('from-file')).length, 1);
    } finally {
      await idp.close();
    }
  });

  test('a bad SAML param in a tenant file is IDP_TENANT_INVALID naming the field', async () => {
    const { createMockIdp } = await import('../../../index.ts');
    await assert.rejects(
      createMockIdp({ tenant: { faults: [{ mutations: [{ name: 'xsw', params: { variant: 0, identity: VICTIM } }] }] } }),
      // The path leads the message, as for every tenant-file refusal (unit/tenant-document.test.ts).
      (error: unknown) => (error as { code?: string }).code === 'IDP_TENANT_INVALID' && (error as Error).message.startsWith('faults[0].mutations[0].params.variant:'),
    );
  });
});
