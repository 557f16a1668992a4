/**
 * The planned signer (sign-with-plan.ts) and the `sign` mutation: the default plan signs exactly as
 * the app's xml-crypto signer does, and every shape a plan asks for is a genuinely signed document,
 * checked by xml-crypto with the right key (or by recomputing the MAC for HMAC).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import type { Element } from '@xmldom/xmldom';
import type { Org } from '../../../src/org.ts';
import { NotApplied, type SamlFaultContext } from '../../../src/faults/saml/context.ts';
import { attackerCredentials, planKeys } from '../../../src/faults/saml/keys.ts';
import { signMutation } from '../../../src/faults/saml/signing.ts';
import { signSamlResponse } from '../../../src/saml/sign-response.ts';
import { defaultSigningPlan, signWithPlan, type PlanKeys, type SigningPlan } from '../../../src/saml/sign-with-plan.ts';
import { certificateBody } from '../../../src/saml/signing-credentials.ts';
import { TRANSFORMS } from '../../../src/saml/xmldsig.ts';
import type { SamlApp, SigningCredentials } from '../../../src/tenant/model.ts';
import { DSIG, appCredentials, builtResponse, layoutPlan, parse, readParams, refusedPaths, type Layout } from './support.ts';

let app: SigningCredentials;
let keys: PlanKeys;
before(async () => {
  app = await appCredentials();
  keys = { privateKeyPem: app.privateKeyPem, certificatePem: app.certificatePem, appCertificatePem: app.certificatePem };
});

const signatures = (xml: string) => Array.from(parse(xml).getElementsByTagNameNS(DSIG, 'Signature'));

/** An identity transform for the URIs xml-crypto does not know: the plan's XPath filter and XSLT are identities after enveloped-signature. */
class IdentityTransform {
  constructor(private readonly uri: string) {}
  process(node: globalThis.Node) {
    return node;
  }
  getAlgorithmName() {
    return this.uri;
  }
}

/** Whether every signature in `xml` verifies with `certificatePem` (xml-crypto, in the signed document). */
function allVerify(xml: string, certificatePem: string): boolean {
  const found = signatures(xml);
  assert.ok(found.length > 0, 'no signature in the document');
  return found.every((signature) => {
    const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
    for (const uri of [TRANSFORMS.xpath, TRANSFORMS.xslt]) verifier.CanonicalizationAlgorithms[uri] = class extends IdentityTransform {
      constructor() {
        super(uri);
      }
    };
    verifier.loadSignature(signature as unknown as globalThis.Node);
    try {
      return verifier.checkSignature(xml);
    } catch {
      return false;
    }
  });
}

const sign = (layout: Layout, overrides: Partial<SigningPlan> = {}, with_: PlanKeys = keys) => signWithPlan(builtResponse(), layoutPlan(layout, overrides), with_);

describe('the planned signer', () => {
  test("the app's default plan signs byte for byte as the app's xml-crypto signer does", () => {
    const xml = builtResponse();
    for (const [responseSigned, assertionSigned] of [
      [true, true],
      [true, false],
      [false, true],
    ] as const) {
      for (const signatureAlgorithm of ['RSA_SHA256', 'RSA_SHA1'] as const) {
        const signOn = { responseSigned, assertionSigned, signatureAlgorithm, digestAlgorithm: signatureAlgorithm === 'RSA_SHA1' ? 'SHA1' : 'SHA256' } as SamlApp['signOn'];
        assert.equal(signWithPlan(xml, defaultSigningPlan({ signOn }), keys), signSamlResponse(xml, { signOn, signing: app }));
      }
    }
  });

  test('the three layouts put signatures on Response only, Assertion only, or both', () => {
    const parents = (layout: Layout) => signatures(sign(layout)).map((signature) => (signature.parentNode as Element).localName);
    assert.deepEqual(parents('response'), ['Response']);
    assert.deepEqual(parents('assertion'), ['Assertion']);
    assert.deepEqual(parents('both'), ['Response', 'Assertion']);
    assert.equal(signatures(sign('both', { response: 'unsigned', assertion: 'unsigned' })).length, 0);
  });

  const shapes: [string, Layout, Partial<SigningPlan>][] = [
    ['RSA-SHA1 with a SHA-1 digest', 'both', { signatureAlgorithm: 'rsa-sha1', digestAlgorithm: 'sha1' }],
    ['RSA-SHA512 with a SHA-512 digest', 'both', { signatureAlgorithm: 'rsa-sha512', digestAlgorithm: 'sha512' }],
    ['inclusive c14n for SignedInfo and the Reference', 'response', { canonicalization: 'c14n', transforms: ['enveloped', 'c14n'] }],
    ['exclusive c14n WithComments', 'both', { canonicalization: 'exc-c14n-with-comments', transforms: ['enveloped', 'exc-c14n-with-comments'] }],
    ['an XPath filter transform between the usual two', 'both', { transforms: ['enveloped', 'xpath', 'exc-c14n'] }],
    ['an XSLT transform', 'assertion', { transforms: ['enveloped', 'xslt', 'exc-c14n'] }],
    ['a Reference URI of "" (the whole document)', 'response', { referenceUri: 'empty' }],
    ['a Reference to another element (the Issuer, given an ID)', 'both', { referenceUri: 'other-element' }],
    ['the Signature as the last child', 'both', { signatureLocation: 'last-child' }],
    ['the Signature as the first child', 'assertion', { signatureLocation: 'first-child' }],
    ["the Assertion's Signature detached into the Response", 'assertion', { signatureLocation: 'parent-last-child' }],
    ['no KeyInfo', 'both', { keyInfo: 'none' }],
  ];
  for (const [shape, layout, overrides] of shapes) {
    test(`${shape}: every signature verifies with the app certificate`, () => {
      assert.equal(allVerify(sign(layout, overrides), app.certificatePem), true);
    });
  }

  test('the shapes are the ones asked for', () => {
    const xpath = sign('assertion', { transforms: ['enveloped', 'xpath', 'exc-c14n'] });
    assert.match(xpath, /<ds:Transform Algorithm="http:\/\/www\.w3\.org\/TR\/1999\/REC-xpath-19991116"><ds:XPath /);
    assert.match(sign('assertion', { transforms: ['enveloped', 'xslt', 'exc-c14n'] }), /<xsl:stylesheet /);
    assert.match(sign('response', { referenceUri: 'empty' }), /<ds:Reference URI="">/);
    const other = parse(sign('response', { referenceUri: 'other-element' }));
    const issuer = other.documentElement!.getElementsByTagNameNS('*', 'Issuer')[0]!;
    assert.equal(other.getElementsByTagNameNS(DSIG, 'Reference')[0]!.getAttribute('URI'), `#${issuer.getAttribute('ID')}`);
    assert.equal(signatures(sign('both', { keyInfo: 'none' }))[0]!.getElementsByTagNameNS(DSIG, 'KeyInfo').length, 0);
    const detached = signatures(sign('assertion', { signatureLocation: 'parent-last-child' }))[0]!;
    assert.equal((detached.parentNode as Element).localName, 'Response');
    assert.equal(detached.nextSibling, null);
  });

  test('another key signs validly for its own certificate, never for the app certificate; KeyInfo follows the plan', async () => {
    const other = await attackerCredentials({ info: { name: 'other-org' }, clock: () => new Date() } as Org);
    const otherKeys = { privateKeyPem: other.privateKeyPem, certificatePem: other.certificatePem, appCertificatePem: app.certificatePem };
    const signed = sign('both', {}, otherKeys);
    assert.equal(allVerify(signed, other.certificatePem), true);
    assert.equal(allVerify(signed, app.certificatePem), false);
    assert.ok(signed.includes(certificateBody(other.certificatePem)), 'KeyInfo carries the signing certificate');
    const lying = sign('both', { keyInfo: 'app-cert' }, otherKeys);
    assert.ok(lying.includes(certificateBody(app.certificatePem)) && !lying.includes(certificateBody(other.certificatePem)), 'KeyInfo carries the app certificate');
  });

  for (const [method, hash, hmacKey] of [
    ['hmac-sha1', 'sha1', 'certificate-pem'],
    ['hmac-sha256', 'sha256', 'certificate-pem'],
    ['hmac-sha256', 'sha256', 'certificate-der'],
  ] as const) {
    test(`${method} keyed with the app certificate (${hmacKey}): the MAC over the canonical SignedInfo is right`, () => {
      const signed = sign('response', { signatureAlgorithm: method, hmacKey });
      const signature = signatures(signed)[0]!;
      const signedInfo = signature.getElementsByTagNameNS(DSIG, 'SignedInfo')[0]!;
      const canonical = String(new ExclusiveCanonicalization().process(signedInfo as unknown as globalThis.Element, {}));
      const macKey = hmacKey === 'certificate-pem' ? Buffer.from(app.certificatePem) : Buffer.from(certificateBody(app.certificatePem), 'base64');
      assert.equal(signature.getElementsByTagNameNS(DSIG, 'SignatureValue')[0]!.textContent, createHmac(hash, macKey).update(canonical).digest('base64'));
    });
  }

  test('xml-crypto with HMAC enabled accepts the HMAC-SHA1 signature keyed with the app PEM: the key-confusion attack works where HMAC is allowed', () => {
    const signed = sign('response', { signatureAlgorithm: 'hmac-sha1', keyInfo: 'none' });
    const verifier = new SignedXml({ publicCert: app.certificatePem });
    verifier.enableHMAC();
    verifier.loadSignature(signatures(signed)[0]! as unknown as globalThis.Node);
    assert.equal(verifier.checkSignature(signed), true);
  });
});

describe('the sign mutation', () => {
  const org = (apps: Record<string, Partial<SamlApp>>) => ({ info: { name: 'dev-test' }, clock: () => new Date(), store: { getApp: (id: string) => apps[id] } }) as unknown as Org;
  const ctx = (apps: Record<string, Partial<SamlApp>> = {}) => ({ org: org(apps), app: { id: '0oaSELF0000000000000' } as SamlApp }) as unknown as SamlFaultContext;
  const base = (): SigningPlan => layoutPlan('both');

  test('changes only the fields it names, the later mutation winning', () => {
    const once = signMutation.apply(base(), { assertion: 'unsigned', digestAlgorithm: 'sha1' }, ctx());
    assert.ok(!(once instanceof NotApplied));
    const twice = signMutation.apply(once, { digestAlgorithm: 'sha512' }, ctx());
    assert.deepEqual(twice, { ...base(), assertion: 'unsigned', digestAlgorithm: 'sha512' });
  });

  test('another app of the org as the key must exist and be SAML; the app itself is refused', () => {
    const other = '0oaOTHER000000000000';
    assert.ok(signMutation.apply(base(), { key: other }, ctx()) instanceof NotApplied);
    assert.ok(signMutation.apply(base(), { key: other }, ctx({ [other]: { signOnMode: 'OPENID_CONNECT' } as unknown as Partial<SamlApp> })) instanceof NotApplied);
    assert.ok(!(signMutation.apply(base(), { key: other }, ctx({ [other]: { id: other, signOnMode: 'SAML_2_0' } })) instanceof NotApplied));
    assert.ok(signMutation.apply(base(), { key: '0oaSELF0000000000000' }, ctx({ '0oaSELF0000000000000': { id: '0oaSELF0000000000000', signOnMode: 'SAML_2_0' } })) instanceof NotApplied);
  });

  test('the attacker key is made once per org and resolved into the plan keys', async () => {
    const theOrg = org({});
    const samlApp = { signing: app } as SamlApp;
    const first = await planKeys(theOrg, samlApp, { ...base(), key: 'attacker' });
    const second = await planKeys(theOrg, samlApp, { ...base(), key: 'attacker' });
    assert.equal(first.certificatePem, second.certificatePem);
    assert.notEqual(first.certificatePem, app.certificatePem);
    assert.equal(first.appCertificatePem, app.certificatePem);
  });

  test('its reader refuses unknown values and fields by path, and an empty change', () => {
    assert.deepEqual(refusedPaths('sign', {}), ['params']);
    assert.deepEqual(
      refusedPaths('sign', { response: 'maybe', key: 'someone', signatureAlgorithm: 'rsa-md5', transforms: ['exc-c14n', 'base64'], referenceUri: 'x', colour: 'red' }).sort(),
      ['params.colour', 'params.key', 'params.response', 'params.referenceUri', 'params.signatureAlgorithm', 'params.transforms[1]'].sort(),
    );
    assert.deepEqual(refusedPaths('sign', { transforms: [] }), ['params.transforms']);
    assert.deepEqual(refusedPaths('sign', { key: { appId: '0oaOTHER000000000000' } }), []);
    assert.deepEqual(refusedPaths('sign', { key: '0oaOTHER000000000000' }), []);
    assert.deepEqual(refusedPaths('sign', { key: { appId: 'attacker' } }), ['params.key.appId']);
    assert.deepEqual(refusedPaths('sign', { key: { appId: '0oaOTHER000000000000', label: 'x' } }), ['params.key.label']);
    assert.deepEqual(readParams('sign', { transforms: ['enveloped-signature', 'exc-c14n'] }), { transforms: ['enveloped', 'exc-c14n'] });
  });
});
