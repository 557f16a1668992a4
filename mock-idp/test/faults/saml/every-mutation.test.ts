/**
 * Properties every SAML mutation must have, checked over the whole list so a new one cannot skip
 * them: its sample params pass its reader, it is deterministic for the same input, and on documents
 * it does not fit (unsigned, empty, not well-formed, already attacked) it returns a result or a
 * not-applied reason: it never throws.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { NotApplied, type SignedFaultContext } from '../../../src/faults/saml/context.ts';
import { SAML_MUTATIONS } from '../../../src/faults/saml/mutations.ts';
import { parseXml } from '../../../src/saml/dom.ts';
import { signWithPlan } from '../../../src/saml/sign-with-plan.ts';
import { MUTATIONS } from '../../../src/faults/registry.ts';
import { VICTIM, appCredentials, builtResponse, fakeContext, layoutPlan, readParams, signedResponse } from './support.ts';

const identity = { identity: VICTIM };
const SAMPLES: Record<string, Record<string, unknown>> = {
  'set-attribute': { target: 'Response', name: 'Destination', value: '{original}x' },
  'remove-attribute': { target: 'Response', name: 'Destination' },
  'set-text': { target: 'Response/Assertion/Subject/NameID', value: 'x' },
  'remove-element': { target: 'Response/Assertion/Conditions' },
  'duplicate-element': { target: 'Response/Assertion/Issuer' },
  'insert-xml': { target: 'Response/Assertion', position: 'last-child', xml: '<saml2:Advice/>' },
  sign: { assertion: 'unsigned', transforms: ['enveloped', 'xpath', 'exc-c14n'] },
  xsw: { variant: 4, ...identity },
  'wrap-subject-confirmation-data': identity,
  'wrap-advice': identity,
  'duplicate-id': identity,
  'multiple-assertions': identity,
  'multiple-roots': { variant: 'second-response', ...identity },
  'signed-error-container': identity,
  'extra-signed-info': { variant: 'wrapped', ...identity },
  'digest-comment': identity,
  'stray-reference': identity,
  'doctype-differential': identity,
  'namespace-quirk': identity,
  'entity-id': identity,
  'attribute-pollution': identity,
  'namespace-confusion': identity,
  'void-canonicalization': identity,
  'comment-injection': { at: 2 },
  'tamper-signature-value': {},
  'edit-after-signing': { target: 'Response/Assertion/Subject/NameID', value: VICTIM },
  'remove-signatures': {},
  doctype: {},
  xxe: { variant: 'external', canaryUrl: 'http://127.0.0.1:9/mock/v1/canary/t' },
  pad: { bytes: 50_000 },
  'replay-previous': {},
  'relay-state': { value: '{original}/x' },
};

let ctx: SignedFaultContext;
before(async () => {
  const creds = await appCredentials();
  const keys = { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem, appCertificatePem: creds.certificatePem };
  ctx = fakeContext({ signResponse: async (xml) => signWithPlan(xml, layoutPlan('response'), keys), previousResponse: () => undefined });
});

describe('every SAML mutation', () => {
  test('is in the registry with a sample its reader accepts, and has a summary', () => {
    assert.deepEqual(SAML_MUTATIONS.map((mutation) => mutation.name).sort(), Object.keys(SAMPLES).sort());
    for (const mutation of SAML_MUTATIONS) {
      assert.equal(MUTATIONS.get(mutation.name), mutation);
      assert.ok(mutation.summary.length > 20, mutation.name);
      readParams(mutation.name, SAMPLES[mutation.name]!);
    }
  });

  test('gives the same document for the same input (no randomness of its own)', async () => {
    const signed = await signedResponse('both');
    for (const mutation of SAML_MUTATIONS) {
      const params = readParams(mutation.name, SAMPLES[mutation.name]!);
      if (mutation.point === 'saml.signed') {
        const [first, second] = [await mutation.apply({ xml: signed, relayState: 'r' }, params, ctx), await mutation.apply({ xml: signed, relayState: 'r' }, params, ctx)];
        assert.deepEqual(first, second, mutation.name);
      } else if (mutation.point === 'saml.response') {
        const built = builtResponse();
        const once = parseXml(built);
        const twice = parseXml(built);
        mutation.apply(once, params, ctx);
        mutation.apply(twice, params, ctx);
        assert.equal(once.toString(), twice.toString(), mutation.name);
      }
    }
  });

  test('never throws on a document it does not fit', async () => {
    const signed = await signedResponse('both');
    const documents = {
      unsigned: builtResponse(),
      'an empty Response': '<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"/>',
      'another root': '<?xml version="1.0"?><Envelope><Body/></Envelope>',
      'not well-formed': '<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"><a></saml2p:Response>',
      'two roots': `${signed}<x/>`,
      'with a DOCTYPE': signed.replace('?>', '?><!DOCTYPE saml2p:Response>'),
      'an empty string': '',
    };
    for (const mutation of SAML_MUTATIONS) {
      const params = readParams(mutation.name, SAMPLES[mutation.name]!);
      for (const [what, xml] of Object.entries(documents)) {
        if (mutation.point === 'saml.signed') {
          const result = await mutation.apply({ xml, relayState: undefined }, params, ctx);
          assert.ok(result instanceof NotApplied || typeof result.xml === 'string', `${mutation.name} on ${what}`);
        } else if (mutation.point === 'saml.response') {
          let document;
          try {
            document = parseXml(xml);
          } catch {
            continue; // the built Response is always well-formed: this point never sees such a document
          }
          const result = mutation.apply(document, params, ctx);
          assert.ok(result === undefined || result instanceof NotApplied, `${mutation.name} on ${what}`);
        }
      }
    }
  });
});
