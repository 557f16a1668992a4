/**
 * The signature attacks (`saml.signed`), each on a real Response signed in each layout, judged by
 * independent code (./support.ts):
 *
 *   (1) genuine material: xml-crypto still verifies a signature over an element in the document that
 *       claims the real user (`element`), or, for attacks that forge the signed element in place, a
 *       genuine SignatureValue still verifies over a SignedInfo in the document (`signed-info`)
 *   (2) a deliberately naive verifier is fooled, and the SP reading `reader` gets the forged identity
 *   (3) node-saml 5.1, strict as the reference SP configures it, refuses the document; so does
 *       node-saml asking only for the signatures the layout has (the refusal is the attack's)
 *
 * Where an attack cannot keep a genuine signature in a layout (an Assertion-level wrapping when only
 * the Response is signed: the Response signature covers what it changes), the row says `broken` and
 * only (3) and the forged identity are checked. The control rows prove each judge can say no.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  LAYOUTS,
  USER_EMAIL,
  VICTIM,
  appCredentials,
  attack,
  attackOutcome,
  genuineSignatures,
  genuineSignedInfos,
  naiveVerifierAccepts,
  nodeSamlIdentity,
  readIdentity,
  signedResponse,
  wantsFor,
  type Layout,
  type Reader,
} from './support.ts';

let certificate: string;
before(async () => {
  certificate = (await appCredentials()).certificatePem;
});

type Genuine = 'element' | 'signed-info' | 'broken';
interface Row {
  name: string;
  params: Record<string, unknown>;
  /** Per layout: what (1) finds, and which reader (2) fools (none: a two-parser SP is needed, see README). */
  expect: Partial<Record<Layout, { genuine: Genuine; reader?: Reader }>>;
}

const all3 = (genuine: Genuine, reader?: Reader) => ({ response: { genuine, reader }, assertion: { genuine, reader }, both: { genuine, reader } });
const assertionLayouts = (reader: Reader) => ({ response: { genuine: 'broken' as const }, assertion: { genuine: 'element' as const, reader }, both: { genuine: 'element' as const, reader } });
const identity = { identity: VICTIM };

const ROWS: Row[] = [
  { name: 'xsw', params: { variant: 1, ...identity }, expect: all3('element', 'root-assertion') },
  { name: 'xsw', params: { variant: 2, ...identity }, expect: all3('element', 'root-assertion') },
  { name: 'xsw', params: { variant: 3, ...identity }, expect: assertionLayouts('root-assertion') },
  { name: 'xsw', params: { variant: 4, ...identity }, expect: assertionLayouts('root-assertion') },
  { name: 'xsw', params: { variant: 5, ...identity }, expect: assertionLayouts('root-assertion') },
  { name: 'xsw', params: { variant: 6, ...identity }, expect: assertionLayouts('root-assertion') },
  { name: 'xsw', params: { variant: 7, ...identity }, expect: assertionLayouts('document-first') },
  { name: 'xsw', params: { variant: 8, ...identity }, expect: assertionLayouts('root-assertion') },
  { name: 'wrap-subject-confirmation-data', params: identity, expect: all3('element', 'root-assertion') },
  { name: 'wrap-advice', params: identity, expect: all3('element', 'root-assertion') },
  { name: 'duplicate-id', params: identity, expect: all3('element', 'root-assertion') },
  { name: 'multiple-assertions', params: identity, expect: assertionLayouts('root-last-assertion') },
  { name: 'attribute-pollution', params: identity, expect: all3('element', 'root-assertion') },
  { name: 'extra-signed-info', params: { variant: 'sibling', ...identity }, expect: all3('signed-info', 'root-assertion') },
  { name: 'extra-signed-info', params: { variant: 'wrapped', ...identity }, expect: all3('signed-info', 'root-assertion') },
  { name: 'digest-comment', params: identity, expect: all3('signed-info', 'root-assertion') },
  { name: 'stray-reference', params: identity, expect: all3('signed-info', 'root-assertion') },
  { name: 'namespace-confusion', params: identity, expect: all3('signed-info') },
  { name: 'void-canonicalization', params: identity, expect: all3('signed-info') },
  { name: 'namespace-quirk', params: identity, expect: all3('signed-info') },
  { name: 'entity-id', params: identity, expect: { assertion: { genuine: 'signed-info' }, both: { genuine: 'signed-info' } } },
];

describe('signature attacks on a genuinely signed Response', () => {
  for (const row of ROWS) {
    for (const layout of LAYOUTS) {
      const expected = row.expect[layout];
      if (!expected) continue;
      const title = `${row.name}${row.params['variant'] ? ` ${row.params['variant']}` : ''}, ${layout} signed`;
      test(`${title}: ${expected.genuine === 'broken' ? 'no genuine signature survives, node-saml refuses' : `genuine signature kept${expected.reader ? `, a naive SP reading ${expected.reader} gets the victim` : ''}, node-saml refuses`}`, async () => {
        const signed = await signedResponse(layout);
        const { xml } = await attack(row.name, row.params, signed);
        if (expected.genuine === 'element') {
          const genuine = genuineSignatures(xml, certificate);
          assert.ok(genuine.length > 0, 'a signature still verifies over an element in the document');
          assert.ok(
            genuine.every((found) => found.nameId === USER_EMAIL),
            'what the genuine signature covers is the real user',
          );
        } else if (expected.genuine === 'signed-info') {
          assert.ok(genuineSignedInfos(xml, certificate) > 0, 'a genuine SignatureValue still verifies over a SignedInfo in the document');
        } else {
          assert.deepEqual(genuineSignatures(xml, certificate), []);
        }
        if (expected.reader) {
          assert.equal(naiveVerifierAccepts(xml, certificate), true, 'the naive verifier accepts the document');
          assert.equal(readIdentity(xml, expected.reader), VICTIM, 'and reads the forged identity');
        }
        assert.ok(xml.includes(VICTIM), 'the forged part claims the victim');
        assert.equal(await nodeSamlIdentity(xml, certificate), undefined, 'node-saml (reference SP settings) refuses');
        assert.equal(await nodeSamlIdentity(xml, certificate, wantsFor(layout)), undefined, "node-saml (the layout's signatures only) refuses");
      });
    }
  }

  test('controls: each judge can say no and yes', async () => {
    for (const layout of LAYOUTS) {
      const clean = await signedResponse(layout);
      assert.ok(genuineSignatures(clean, certificate).length > 0);
      assert.equal(naiveVerifierAccepts(clean, certificate), true);
      assert.equal(readIdentity(clean, 'root-assertion'), USER_EMAIL);
      assert.equal(await nodeSamlIdentity(clean, certificate, wantsFor(layout)), USER_EMAIL, `node-saml accepts the untouched ${layout}-signed Response`);
      for (const [name, params] of [
        ['edit-after-signing', { target: 'Response/Assertion/Subject/NameID', value: VICTIM }],
        ['tamper-signature-value', {}],
        ['remove-signatures', {}],
      ] as const) {
        const { xml } = await attack(name, params, clean);
        assert.equal(naiveVerifierAccepts(xml, certificate), false, `the naive verifier refuses ${name} (${layout})`);
        assert.deepEqual(genuineSignatures(xml, certificate), [], `no genuine signature after ${name} (${layout})`);
        assert.equal(await nodeSamlIdentity(xml, certificate, wantsFor(layout)), undefined);
      }
    }
  });

  test('the XSW layouts are the published ones', async () => {
    const both = await signedResponse('both');
    const layoutOf = async (variant: number) => (await attack('xsw', { variant, identity: VICTIM }, both)).xml;
    assert.match(await layoutOf(1), /<saml2p:Response [^>]*ID="_evil_response_ID"[\s\S]*<ds:Signature[^>]*>[\s\S]*<saml2p:Response [^>]*ID="id\d+"[\s\S]*<\/ds:Signature>/);
    assert.match(await layoutOf(3), /<saml2:Assertion [^>]*ID="_evil_assertion_ID"[\s\S]*<\/saml2:Assertion><saml2:Assertion /);
    assert.match(await layoutOf(7), /<Extensions><saml2:Assertion /);
    assert.match(await layoutOf(8), /<Object><saml2:Assertion /);
  });

  test('the parser-differential templates carry their published markers', async () => {
    const assertionSigned = await signedResponse('assertion');
    const emptySha256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    const golden = (await attack('void-canonicalization', identity, assertionSigned)).xml;
    assert.match(golden, /xmlns:ns="1"/);
    assert.ok(golden.includes(`<ds:DigestValue>${emptySha256}</ds:DigestValue>`));
    assert.match(golden, /<Parent xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"><Child xml:xmlns="#other"><ds:Signature/);
    const confusion = (await attack('namespace-confusion', identity, assertionSigned)).xml;
    assert.ok(!confusion.includes(emptySha256) && !confusion.includes('xmlns:ns="1"'));
    const quirk = (await attack('namespace-quirk', identity, assertionSigned)).xml;
    assert.ok(quirk.includes('xmlns:example="http://example.com\u0080"'));
    assert.match(quirk, /<!DOCTYPE Response \[<!ATTLIST Signature xmlns CDATA #FIXED/);
    assert.match(quirk, /<saml2p:StatusDetail><Signature>/);
    const entities = (await attack('entity-id', identity, assertionSigned)).xml;
    assert.match(entities, /<!ENTITY idViaEntity "id\d+">/);
    assert.match(entities, /ID="&idViaEntity;"/);
    assert.match(entities, /ID="&BypassIDUniqueness;id\d+"/);
    const pollution = (await attack('attribute-pollution', identity, await signedResponse('both'))).xml;
    assert.match(pollution, /<saml2p:Response [^>]*ID="_evil_response_ID"[^>]* saml2p:ID="id\d+"/);
    assert.match(pollution, /<saml2:Assertion [^>]*ID="_evil_assertion_ID"[^>]* saml2:ID="id\d+"/);
  });

  test('doctype-differential: the forged document first, the genuine one verbatim inside the CDATA/comment trick', async () => {
    const signed = await signedResponse('both');
    const { xml } = await attack('doctype-differential', identity, signed);
    const genuine = signed.replace(/^<\?xml[^?]*\?>/, '');
    assert.ok(xml.startsWith(`<!DOCTYPE response SYSTEM 'x"><!--'>\n<saml2p:Response `));
    assert.ok(xml.includes(`<![CDATA[-->\n${genuine.slice(0, -'</saml2p:Response>'.length)}<!--]]>-->\n</saml2p:Response>`));
    assert.ok(xml.indexOf(VICTIM) < xml.indexOf('<![CDATA['), 'the forged identity is in the part before the genuine copy');
    assert.equal(await nodeSamlIdentity(xml, certificate), undefined);
  });

  test('multiple-roots: a second unsigned root claiming the victim after the signed one, or a leading NameID', async () => {
    const signed = await signedResponse('both');
    const second = (await attack('multiple-roots', { variant: 'second-response', identity: VICTIM }, signed)).xml;
    assert.ok(second.startsWith(signed));
    assert.equal((second.match(/<saml2p:Response /g) ?? []).length, 2);
    assert.ok(!second.slice(signed.length).includes('ds:Signature'), 'the second root is unsigned');
    const leading = (await attack('multiple-roots', { variant: 'leading-nameid', identity: VICTIM }, signed)).xml;
    assert.match(leading, /^<\?xml[^?]*\?><saml2:NameID [^>]*>owner@victim\.example<\/saml2:NameID><saml2p:Response /);
    for (const xml of [second, leading]) assert.equal(await nodeSamlIdentity(xml, certificate), undefined);
  });

  test('signed-error-container: a genuinely signed Requester error with a decoy Signature holding the victim Assertion', async () => {
    const signed = await signedResponse('both');
    const creds = await appCredentials();
    const { signWithPlan } = await import('../../../src/saml/sign-with-plan.ts');
    const { layoutPlan, fakeContext } = await import('./support.ts');
    const ctx = fakeContext({
      signResponse: async (xml) => signWithPlan(xml, layoutPlan('response'), { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem, appCertificatePem: creds.certificatePem }),
    });
    const { xml } = await attack('signed-error-container', identity, signed, ctx);
    assert.match(xml, /StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"/);
    assert.ok(genuineSignedInfos(xml, certificate) >= 2, 'the genuine SignatureValue verifies, in the Signature and in its decoy copy');
    assert.equal(naiveVerifierAccepts(xml, certificate), true, 'the error Response digest still holds (the decoy is inside the enveloped Signature)');
    assert.equal((xml.match(/<ds:Signature /g) ?? []).length, 2);
    assert.equal(readIdentity(xml, 'document-first'), VICTIM, 'an SP that reads the first Assertion anywhere gets the victim');
    assert.equal(await nodeSamlIdentity(xml, certificate), undefined);
  });

  test('an attack that does not fit the document is a recorded no-op with a reason, never an exception', async () => {
    const unsigned = (await attack('remove-signatures', {}, await signedResponse('both'))).xml;
    for (const [name, params] of [
      ['xsw', { variant: 1, identity: VICTIM }],
      ['xsw', { variant: 5, identity: VICTIM }],
      ['wrap-advice', identity],
      ['duplicate-id', identity],
      ['extra-signed-info', { variant: 'sibling', identity: VICTIM }],
      ['digest-comment', identity],
      ['stray-reference', identity],
      ['namespace-quirk', identity],
      ['attribute-pollution', identity],
      ['void-canonicalization', identity],
      ['tamper-signature-value', {}],
      ['remove-signatures', {}],
    ] as const) {
      assert.match((await attackOutcome(name, params, unsigned)) ?? '', /sign/i, `${name} on an unsigned document`);
    }
    assert.match((await attackOutcome('entity-id', identity, await signedResponse('response'))) ?? '', /Assertion is not signed/);
    const garbled = '<?xml version="1.0"?><!DOCTYPE r><saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"><a></b></saml2p:Response>';
    for (const name of ['xsw', 'wrap-subject-confirmation-data', 'multiple-assertions', 'digest-comment', 'doctype-differential', 'entity-id', 'signed-error-container']) {
      const params = name === 'xsw' ? { variant: 2, identity: VICTIM } : identity;
      assert.match((await attackOutcome(name, params, garbled)) ?? '', /well-formed/, name);
    }
  });
});
