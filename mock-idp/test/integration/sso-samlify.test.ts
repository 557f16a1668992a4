/**
 * The same sign-in checked by a second, unrelated SP library: samlify, with XML schema validation
 * (@authenio/samlify-node-xmllint) and the IdP configured only from the mock's metadata XML.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as samlify from 'samlify';
import * as xmllint from '@authenio/samlify-node-xmllint';
import { TestBrowser } from '../support/browser.ts';
import { SP_ACS_URL, SP_ENTITY_ID, signInThrough, startFixture, type Fixture } from '../support/fixture.ts';
import { changeNameId } from '../support/tamper.ts';

void describe('SP-initiated SSO validated by samlify with schema validation', () => {
  let fixture: Fixture;
  let idp: ReturnType<typeof samlify.IdentityProvider>;
  let sp: ReturnType<typeof samlify.ServiceProvider>;

  before(async () => {
    fixture = await startFixture();
    samlify.setSchemaValidator(xmllint);
    idp = samlify.IdentityProvider({ metadata: fixture.metadataXml });
    sp = samlify.ServiceProvider({
      entityID: SP_ENTITY_ID,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: SP_ACS_URL }],
      wantAssertionsSigned: true,
      wantMessageSigned: true,
      nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    });
  });
  after(() => fixture.idp.close());

  async function samlResponseFor(login: string): Promise<string> {
    const { context } = sp.createLoginRequest(idp, 'redirect');
    const outcome = await signInThrough(new TestBrowser(), context, login);
    assert.ok(outcome.form, 'the IdP rendered no SAML form');
    return outcome.form.SAMLResponse;
  }

  void test('samlify parses and accepts the response, with the NameID and attributes', async () => {
    const result = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: await samlResponseFor('alice@example.com') } });
    assert.equal(result.extract.nameID, 'alice@example.com');
    assert.equal(result.extract.attributes?.email, 'alice@example.com');
    assert.equal(result.extract.audience, SP_ENTITY_ID);
  });

  void test('samlify refuses the response when the NameID was changed after signing', async () => {
    const forged = changeNameId(await samlResponseFor('alice@example.com'), 'mallory@example.com');
    await assert.rejects(sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: forged } }));
  });
});
