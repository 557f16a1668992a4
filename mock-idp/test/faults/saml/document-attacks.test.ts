/**
 * The `saml.signed` mutations around the signed elements: a comment in signed text, a DOCTYPE, XXE and
 * entity expansion, size, replaying an earlier Response and the RelayState; and the readers' refusals
 * for the attacks' params.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MAX_PAD_BYTES } from '../../../src/faults/saml/document-level.ts';
import {
  VICTIM,
  appCredentials,
  attack,
  attackOutcome,
  fakeContext,
  genuineSignatures,
  naiveVerifierAccepts,
  nodeSamlIdentity,
  readIdentity,
  refusedPaths,
  signedResponse,
} from './support.ts';

let certificate: string;
before(async () => {
  certificate = (await appCredentials()).certificatePem;
});

describe('comment-injection', () => {
  test('a comment inside the signed NameID keeps the signature valid; a naive first-text read is cut short', async () => {
    const registered = 'victim@corp.example.attacker.test';
    const signed = await signedResponse('both', { email: registered });
    const { xml } = await attack('comment-injection', { at: '.attacker.test' }, signed);
    assert.match(xml, /victim@corp\.example<!---->\.attacker\.test<\/saml2:NameID>/);
    assert.deepEqual(
      genuineSignatures(xml, certificate).map((found) => found.element),
      ['Response', 'Assertion'],
      'both signatures still verify: exclusive c14n leaves comments out',
    );
    assert.equal(naiveVerifierAccepts(xml, certificate), true);
    assert.equal(readIdentity(xml, 'first-text'), 'victim@corp.example');
    assert.equal(await nodeSamlIdentity(xml, certificate), registered, 'node-saml reads the full text (what a correct SP does)');
  });

  test('in an attribute value, by character offset', async () => {
    const signed = await signedResponse('assertion');
    const { xml } = await attack('comment-injection', { target: 'Response/Assertion/AttributeStatement/Attribute[2]/AttributeValue', at: 2 }, signed);
    assert.match(xml, />Al<!---->ice<\/saml2:AttributeValue>/);
    assert.equal(genuineSignatures(xml, certificate).length, 1);
  });

  test('a split point outside the text, or a missing target, is not applied', async () => {
    const signed = await signedResponse('both');
    assert.match((await attackOutcome('comment-injection', { at: 'nowhere' }, signed)) ?? '', /cannot be split/);
    assert.match((await attackOutcome('comment-injection', { at: 500 }, signed)) ?? '', /cannot be split/);
    assert.match((await attackOutcome('comment-injection', { target: 'Response/Assertion/Subject/NameID[2]', at: 1 }, signed)) ?? '', /no element/);
    assert.deepEqual(refusedPaths('comment-injection', {}), ['params.at']);
    assert.deepEqual(refusedPaths('comment-injection', { at: 0 }), ['params.at']);
  });
});

describe('DOCTYPE, entities and size', () => {
  const CANARY = 'http://127.0.0.1:9/mock/v1/canary/case-1';

  test('doctype: an empty DOCTYPE after the declaration and nothing else, so only a DOCTYPE check can refuse it', async () => {
    const signed = await signedResponse('both');
    const { xml } = await attack('doctype', {}, signed);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE saml2p:Response><saml2p:Response '));
    assert.equal(xml.replace('<!DOCTYPE saml2p:Response>', ''), signed);
    // node-saml does not look for a DOCTYPE: it accepts, which shows the signatures are intact. An SP
    // on node-saml must refuse a DOCTYPE itself (the reference SP does, in check-well-formed.ts).
    assert.equal(await nodeSamlIdentity(xml, certificate), 'alice@example.com');
    assert.match((await attackOutcome('doctype', {}, xml)) ?? '', /already has a DOCTYPE/);
  });

  test('xxe external: an external entity to the canary, referenced in the Response Issuer', async () => {
    const { xml } = await attack('xxe', { variant: 'external', canaryUrl: CANARY }, await signedResponse('both'));
    assert.ok(xml.includes(`<!DOCTYPE saml2p:Response [<!ENTITY xxe SYSTEM "${CANARY}">]>`));
    assert.match(xml, /<saml2:Issuer [^>]*>http:\/\/www\.okta\.com\/exk1fault&xxe;<\/saml2:Issuer>/);
    assert.equal(await nodeSamlIdentity(xml, certificate), undefined);
  });

  test('xxe parameter: a parameter entity expanded in the DTD itself', async () => {
    const { xml } = await attack('xxe', { variant: 'parameter', canaryUrl: CANARY }, await signedResponse('both'));
    assert.ok(xml.includes(`<!DOCTYPE saml2p:Response [<!ENTITY % xxe SYSTEM "${CANARY}"> %xxe;]>`));
    // The body is untouched, so node-saml (which neither fetches nor refuses the DTD) accepts it: only
    // the SP's own DOCTYPE refusal, and the canary staying silent, make this case.
    assert.equal(await nodeSamlIdentity(xml, certificate), 'alice@example.com');
  });

  test('xxe billion-laughs: ten levels of ten references, the last referenced in the Issuer', async () => {
    const { xml } = await attack('xxe', { variant: 'billion-laughs' }, await signedResponse('both'));
    assert.equal((xml.match(/<!ENTITY lol\d/g) ?? []).length, 10);
    assert.ok(xml.includes(`<!ENTITY lol9 "${'&lol8;'.repeat(10)}">`));
    assert.match(xml, /exk1fault&lol9;<\/saml2:Issuer>/);
    assert.ok(xml.length < 20_000, 'the document itself stays small');
    assert.equal(await nodeSamlIdentity(xml, certificate), undefined);
  });

  test('xxe readers: the canary URL is required for fetching variants and must be a plain absolute URL', () => {
    assert.deepEqual(refusedPaths('xxe', { variant: 'external' }), ['params.canaryUrl']);
    assert.deepEqual(refusedPaths('xxe', { variant: 'parameter', canaryUrl: 'file:///etc/passwd' }), ['params.canaryUrl']);
    assert.deepEqual(refusedPaths('xxe', { variant: 'external', canaryUrl: 'http://x/"><x' }), ['params.canaryUrl']);
    assert.deepEqual(refusedPaths('xxe', { variant: 'external', canaryUrl: 'http://x/canary/a#b' }), ['params.canaryUrl']);
    assert.deepEqual(refusedPaths('xxe', { variant: 'external', canaryUrl: 'http://x/canary/a%23b' }), []);
    assert.deepEqual(refusedPaths('xxe', { variant: 'gopher' }), ['params.variant']);
    assert.deepEqual(refusedPaths('xxe', {}), ['params.variant']);
    assert.deepEqual(refusedPaths('xxe', { variant: null }), ['params.variant'], 'null is no choice, not the default');
  });

  test('pad: a trailing comment pads the document to the size asked; the signatures still verify', async () => {
    const signed = await signedResponse('both');
    const { xml } = await attack('pad', { bytes: 200_000 }, signed);
    assert.equal(Buffer.byteLength(xml), 200_000);
    assert.ok(xml.startsWith(signed));
    assert.equal(genuineSignatures(xml, certificate).length, 2);
    assert.match((await attackOutcome('pad', { bytes: 10 }, signed)) ?? '', /already/);
    assert.deepEqual(refusedPaths('pad', { bytes: MAX_PAD_BYTES + 1 }), ['params.bytes']);
  });
});

describe('replay and RelayState', () => {
  test('replay-previous sends an earlier Response instead of the new one, with the RelayState of this request', async () => {
    const earlier = await signedResponse('both');
    const now = await signedResponse('both');
    const kept = [{ xml: earlier, relayState: 'old' }];
    const ctx = fakeContext({ previousResponse: (back) => kept[kept.length - back] });
    const sent = await attack('replay-previous', {}, now, ctx);
    assert.deepEqual(sent, { xml: earlier, relayState: 'relay' });
    assert.match((await attackOutcome('replay-previous', { back: 2 }, now, ctx)) ?? '', /has not sent 2 earlier/);
    assert.deepEqual(refusedPaths('replay-previous', { back: 4 }), ['params.back']);
  });

  test('relay-state replaces, templates or removes the RelayState', async () => {
    const signed = await signedResponse('both');
    assert.equal((await attack('relay-state', { value: 'https://evil.test/' }, signed)).relayState, 'https://evil.test/');
    assert.equal((await attack('relay-state', { value: '{original}/\\evil.test' }, signed)).relayState, 'relay/\\evil.test');
    assert.equal((await attack('relay-state', { value: null }, signed)).relayState, undefined);
    assert.equal((await attack('relay-state', { value: 'x' }, signed)).xml, signed, 'the document is untouched');
    assert.deepEqual(refusedPaths('relay-state', {}), ['params.value']);
    assert.deepEqual(refusedPaths('relay-state', { value: '{nowish}' }), ['params.value']);
  });
});

describe('attack readers', () => {
  test('refuse unknown variants, missing identities and unknown params by path', () => {
    assert.deepEqual(refusedPaths('xsw', { variant: 9, identity: VICTIM }), ['params.variant']);
    assert.deepEqual(refusedPaths('xsw', { variant: 1 }), ['params.identity']);
    assert.deepEqual(refusedPaths('xsw', { identity: VICTIM }), ['params.variant']);
    assert.deepEqual(refusedPaths('xsw', { variant: 1, identity: 'a b<c>' }), ['params.identity']);
    assert.deepEqual(refusedPaths('multiple-roots', { variant: 'third', identity: VICTIM }), ['params.variant']);
    assert.deepEqual(refusedPaths('extra-signed-info', { identity: VICTIM }), ['params.variant']);
    assert.deepEqual(refusedPaths('duplicate-id', { identity: VICTIM, layout: 'x' }), ['params.layout']);
    assert.deepEqual(refusedPaths('remove-signatures', { all: true }), ['params.all']);
    assert.deepEqual(refusedPaths('edit-after-signing', { target: 'Response/Issuer' }), ['params.value']);
  });
});
