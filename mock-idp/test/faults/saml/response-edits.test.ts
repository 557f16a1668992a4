/**
 * `saml.response` mutations on a real built Response: each edit lands where its target path says,
 * values follow their templates, the edited document still signs and verifies (the point of editing
 * before signing), a target that is not there is a recorded no-op, and bad params are refused by path.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Element } from '@xmldom/xmldom';
import { parseTargetPath } from '../../../src/faults/saml/params.ts';
import { parseXml, serializeXml } from '../../../src/saml/dom.ts';
import { signWithPlan } from '../../../src/saml/sign-with-plan.ts';
import { ACS, SP_ENTITY_ID, appCredentials, builtResponse, editResponse, genuineSignatures, layoutPlan, nodeSamlIdentity, parse, refusedPaths } from './support.ts';

const NOW = new Date('2026-05-06T07:08:09.000Z');
const AUDIENCE = 'Response/Assertion/Conditions/AudienceRestriction/Audience';

const at = (xml: string, localName: string, index = 0): Element => parse(xml).getElementsByTagNameNS('*', localName)[index]!;
const count = (xml: string, localName: string): number => parse(xml).getElementsByTagNameNS('*', localName).length;

describe('saml.response mutations', () => {
  test('set-text replaces the Audience through {original}; the edited Response signs and node-saml refuses it for the audience alone', async () => {
    const { xml, notApplied } = editResponse('set-text', { target: AUDIENCE, value: '{original}1' }, builtResponse(), { now: NOW });
    assert.equal(notApplied, undefined);
    assert.equal(at(xml, 'Audience').textContent, `${SP_ENTITY_ID}1`);
    const creds = await appCredentials();
    const signed = signWithPlan(xml, layoutPlan('both'), { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem, appCertificatePem: creds.certificatePem });
    assert.equal(genuineSignatures(signed, creds.certificatePem).length, 2, 'both signatures verify over the edited Response');
    assert.equal(await nodeSamlIdentity(signed, creds.certificatePem), undefined);
    const clean = signWithPlan(builtResponse(), layoutPlan('both'), { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem, appCertificatePem: creds.certificatePem });
    assert.equal(await nodeSamlIdentity(clean, creds.certificatePem), 'alice@example.com', 'the same SP accepts the unedited Response');
  });

  test('set-attribute writes time templates as ISO instants and adds missing attributes', () => {
    const target = 'Response/Assertion/Conditions';
    const { xml } = editResponse('set-attribute', { target, name: 'NotOnOrAfter', value: '{now-10m}' }, builtResponse(), { now: NOW });
    assert.equal(at(xml, 'Conditions').getAttribute('NotOnOrAfter'), '2026-05-06T06:58:09.000Z');
    const added = editResponse('set-attribute', { target: 'Response', name: 'Consent', value: 'urn:x' }, builtResponse()).xml;
    assert.equal(parse(added).documentElement!.getAttribute('Consent'), 'urn:x');
    const destination = editResponse('set-attribute', { target: 'Response', name: 'Destination', value: '{original}/other' }, builtResponse()).xml;
    assert.equal(parse(destination).documentElement!.getAttribute('Destination'), `${ACS}/other`);
  });

  test('set-attribute with a prefix uses the namespace declared at the target, and is not applied when none is', () => {
    const typed = editResponse('set-attribute', { target: 'Response/Assertion/AttributeStatement/Attribute/AttributeValue', name: 'xsi:type', value: 'xs:int' }, builtResponse());
    assert.equal(typed.notApplied, undefined);
    assert.equal(at(typed.xml, 'AttributeValue').getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type'), 'xs:int');
    assert.match(editResponse('set-attribute', { target: 'Response', name: 'zz:ID', value: 'x' }, builtResponse()).notApplied ?? '', /prefix zz/);
  });

  test('remove-attribute removes it, and is a recorded no-op when the attribute is not there', () => {
    const { xml } = editResponse('remove-attribute', { target: 'Response/Assertion/Subject/SubjectConfirmation/SubjectConfirmationData', name: 'Recipient' }, builtResponse());
    assert.equal(at(xml, 'SubjectConfirmationData').hasAttribute('Recipient'), false);
    assert.match(editResponse('remove-attribute', { target: 'Response', name: 'InResponseTo' }, builtResponse()).notApplied ?? '', /no attribute InResponseTo/);
  });

  test('remove-element removes the target; indexes pick among same-named siblings', () => {
    assert.equal(count(editResponse('remove-element', { target: 'Response/Assertion/Conditions/AudienceRestriction' }, builtResponse()).xml, 'AudienceRestriction'), 0);
    const second = editResponse('remove-element', { target: 'Response/Assertion/AttributeStatement/Attribute[2]' }, builtResponse()).xml;
    assert.deepEqual(
      Array.from(parse(second).getElementsByTagNameNS('*', 'Attribute')).map((attribute) => attribute.getAttribute('Name')),
      ['email'],
    );
  });

  test('duplicate-element inserts a copy right after, with other text and attributes on the copy only', () => {
    const { xml } = editResponse(
      'duplicate-element',
      { target: 'Response/Assertion/AttributeStatement/Attribute[1]', setAttributes: { FriendlyName: 'second' } },
      builtResponse(),
    );
    const attributes = Array.from(parse(xml).getElementsByTagNameNS('*', 'Attribute'));
    assert.deepEqual(attributes.map((attribute) => [attribute.getAttribute('Name'), attribute.getAttribute('FriendlyName')]), [
      ['email', null],
      ['email', 'second'],
      ['firstName', null],
    ]);
    const victim = editResponse('duplicate-element', { target: 'Response/Assertion/AttributeStatement/Attribute', setText: 'owner@victim.example' }, builtResponse()).xml;
    assert.deepEqual(
      Array.from(parse(victim).getElementsByTagNameNS('*', 'AttributeValue')).map((value) => value.textContent),
      ['alice@example.com', 'owner@victim.example', 'Alice'],
      'a copied Attribute gets the text in its AttributeValue, keeping its structure',
    );
    const issuers = editResponse('duplicate-element', { target: 'Response/Assertion/Issuer', setText: 'https://evil.example/{original}' }, builtResponse()).xml;
    const assertionIssuers = Array.from(parse(issuers).getElementsByTagNameNS('*', 'Assertion')[0]!.childNodes).filter((node) => (node as Element).localName === 'Issuer');
    assert.deepEqual(
      assertionIssuers.map((issuer) => issuer.textContent),
      ['http://www.okta.com/exk1fault', 'https://evil.example/http://www.okta.com/exk1fault'],
    );
  });

  test('insert-xml puts a fragment in each position, with the SAML prefixes available', () => {
    const confirmation = '<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"/>';
    for (const [position, index] of [
      ['before', 0],
      ['after', 1],
    ] as const) {
      const { xml } = editResponse('insert-xml', { target: 'Response/Assertion/Subject/SubjectConfirmation', position, xml: confirmation }, builtResponse());
      assert.equal(at(xml, 'SubjectConfirmation', index).getAttribute('Method'), 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key');
      assert.equal(at(xml, 'SubjectConfirmation', index).namespaceURI, 'urn:oasis:names:tc:SAML:2.0:assertion');
    }
    const first = editResponse('insert-xml', { target: 'Response/Assertion/Conditions', position: 'first-child', xml: '<saml2:OneTimeUse/><saml2:ProxyRestriction/>' }, builtResponse()).xml;
    const children = Array.from(at(first, 'Conditions').childNodes).map((node) => (node as Element).localName);
    assert.deepEqual(children, ['OneTimeUse', 'ProxyRestriction', 'AudienceRestriction']);
    const last = editResponse('insert-xml', { target: 'Response', position: 'last-child', xml: '<saml2:Assertion ID="second"/>' }, builtResponse()).xml;
    assert.equal(count(last, 'Assertion'), 2);
  });

  test('a target that matches nothing is a recorded no-op for every edit, never an exception', () => {
    const nowhere = 'Response/Assertion/Advice/Assertion';
    const calls: [string, Record<string, unknown>][] = [
      ['set-attribute', { target: nowhere, name: 'ID', value: 'x' }],
      ['remove-attribute', { target: nowhere, name: 'ID' }],
      ['set-text', { target: nowhere, value: 'x' }],
      ['remove-element', { target: nowhere }],
      ['duplicate-element', { target: nowhere }],
      ['insert-xml', { target: nowhere, position: 'after', xml: '<x/>' }],
      ['set-text', { target: 'Response/Assertion/Subject/NameID[2]', value: 'x' }],
    ];
    const input = builtResponse();
    for (const [name, params] of calls) {
      const { xml, notApplied } = editResponse(name, params, input);
      assert.match(notApplied ?? '', /no element at/, name);
      assert.equal(xml, serializeXml(parseXml(input)), `${name} left the document as it was`);
    }
  });

  test('target paths: local names from Response with 1-based indexes; anything else is refused when set', () => {
    assert.deepEqual(parseTargetPath('Response/Assertion/AttributeStatement/Attribute[2]'), {
      text: 'Response/Assertion/AttributeStatement/Attribute[2]',
      steps: [
        { name: 'Response', index: 1 },
        { name: 'Assertion', index: 1 },
        { name: 'AttributeStatement', index: 1 },
        { name: 'Attribute', index: 2 },
      ],
    });
    for (const bad of ['Assertion/Subject', '/Response', 'Response//NameID', 'Response/saml2:Assertion', 'Response/Attribute[0]', 'Response[2]', 'Response/Assertion[x]', '']) {
      assert.deepEqual(refusedPaths('set-text', { target: bad, value: 'x' }), ['params.target'], bad);
    }
  });

  test('readers refuse bad params by field path', () => {
    assert.deepEqual(refusedPaths('set-text', { target: AUDIENCE, value: '{orignal}1' }), ['params.value']);
    assert.deepEqual(refusedPaths('set-attribute', { target: AUDIENCE, name: 'xmlns:evil', value: 'x' }), ['params.name']);
    assert.deepEqual(refusedPaths('set-attribute', { target: AUDIENCE, value: 'x' }), ['params.name']);
    assert.deepEqual(refusedPaths('remove-element', { target: 'Response' }), ['params.target']);
    assert.deepEqual(refusedPaths('duplicate-element', { target: 'Response' }), ['params.target']);
    assert.deepEqual(refusedPaths('duplicate-element', { target: AUDIENCE, setAttributes: { 'bad name': 'x', ok: 3 } }).sort(), ['params.setAttributes.bad name', 'params.setAttributes.ok'].sort());
    assert.deepEqual(refusedPaths('insert-xml', { target: AUDIENCE, position: 'inside', xml: '<x/>' }), ['params.position']);
    assert.deepEqual(refusedPaths('insert-xml', { target: AUDIENCE, position: 'after', xml: '<x>' }), ['params.xml']);
    assert.deepEqual(refusedPaths('insert-xml', { target: AUDIENCE, position: 'after', xml: '<!DOCTYPE x><x/>' }), ['params.xml']);
    assert.deepEqual(refusedPaths('insert-xml', { target: AUDIENCE, position: 'after', xml: '<other:x/>' }), ['params.xml']);
    assert.deepEqual(refusedPaths('insert-xml', { target: 'Response', position: 'before', xml: '<x/>' }), ['params.target']);
    assert.deepEqual(refusedPaths('set-text', { target: AUDIENCE, value: 'x', extra: true }), ['params.extra']);
  });
});
