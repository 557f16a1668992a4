import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileDriver, createDeclarativeDriver } from '../drivers/declarative-driver.ts';
import { evaluate, parseTemplate } from '../drivers/declarative/template.ts';
import { SpConfigurationRefusedError, type SpDriverOptions } from '../drivers/sp-driver.ts';

const options: SpDriverOptions = { spUrl: 'http://127.0.0.1:1', settings: {}, timeouts: { stepMs: 5000, outcomeMs: 2000 } };

/** A minimal valid document; each test breaks one thing. */
function minimal(): Record<string, unknown> {
  return {
    name: 'Test SP',
    capabilities: ['direct-url'],
    methods: {
      createOrganization: [{ goto: '/signup' }],
      startSignIn: { 'direct-url': [{ goto: '/sso/{entry.portalKey | urlencode}' }] },
      probeSession: [{ return: { signedIn: false, email: '', organization: '', role: '', method: '' } }],
    },
    outcome: {
      refused: { when: { selector: '[data-error]' }, code: { attribute: '[data-error]', name: 'data-error' } },
      signedIn: { when: { url: '^/home' }, email: { text: '#email' }, organization: { text: '#org' }, role: { text: '#role' }, method: { text: '#method' } },
    },
  };
}

function invalid(document: unknown, where: RegExp, settings: Record<string, string> = {}): void {
  assert.throws(
    () => compileDriver(document, { ...options, settings }),
    (error: Error & { code?: string }) => error.code === 'HARNESS_DRIVER_INVALID' && where.test(error.message),
  );
}

describe('declarative driver: templates', () => {
  const roots = new Set(['options', 'idp', 'response']);
  const vocabularies = { roles: { Administrator: 'admin' } };
  const value = (source: string, context: Record<string, unknown>): unknown => evaluate(parseTemplate(source, 'test', roots, vocabularies), context, vocabularies, 'test');

  test('a string that is one placeholder keeps the value\'s type; text around it makes text', () => {
    assert.equal(value('{options.allow}', { options: { allow: false } }), false);
    assert.deepEqual(value('{options.domains}', { options: { domains: ['a.test'] } }), ['a.test']);
    assert.equal(value('/sso/{options.key}?x=1', { options: { key: 'k' } }), '/sso/k?x=1');
  });

  test('filters: default, urlencode, join, split, eq, not, lower, map', () => {
    assert.equal(value('{options.missing | default:invite-only}', { options: {} }), 'invite-only');
    assert.equal(value('{options.missing | default:false}', { options: {} }), false);
    assert.equal(value('{options.key | urlencode}', { options: { key: 'a b/c' } }), 'a%20b%2Fc');
    assert.equal(value('{options.domains | join:,}', { options: { domains: ['a', 'b'] } }), 'a,b');
    assert.deepEqual(value('{options.text | split:,}', { options: { text: ' a, ,b ' } }), ['a', 'b']);
    assert.equal(value('{options.provisioning | eq:jit}', { options: { provisioning: 'jit' } }), true);
    assert.equal(value('{options.on | not}', { options: { on: true } }), false);
    assert.equal(value('{options.email | lower}', { options: { email: 'A@B.TEST' } }), 'a@b.test');
    assert.equal(value('{response.json.role | map:roles}', { response: { json: { role: 'Administrator' } } }), 'admin');
    assert.equal(value('{response.json.role | map:roles}', { response: { json: { role: 'Guest' } } }), 'Guest', 'a word the vocabulary does not list is kept');
  });

  test('a value that is not there is a coded step failure, not "undefined" sent to the SP', () => {
    assert.throws(() => value('{response.json.id}', { response: { json: {} } }), { code: 'HARNESS_DRIVER_STEP_FAILED' });
  });

  test('mistakes in a template are found when it is parsed', () => {
    assert.throws(() => parseTemplate('{nope.x}', 'here', roots, vocabularies), { code: 'HARNESS_DRIVER_INVALID' });
    assert.throws(() => parseTemplate('{idp.x | shout}', 'here', roots, vocabularies), { code: 'HARNESS_DRIVER_INVALID' });
    assert.throws(() => parseTemplate('{idp.x | map:nothing}', 'here', roots, vocabularies), { code: 'HARNESS_DRIVER_INVALID' });
    assert.throws(() => parseTemplate('{idp.x', 'here', roots, vocabularies), { code: 'HARNESS_DRIVER_INVALID' });
  });
});

describe('declarative driver: the file is checked whole at load', () => {
  test('a minimal driver compiles, with only the optional methods it has', () => {
    const driver = compileDriver(minimal(), options);
    assert.deepEqual([...driver.capabilities], ['direct-url']);
    assert.equal(driver.configureSaml, undefined);
    assert.equal(typeof driver.startSignIn, 'function');
  });

  test('the template init-driver writes and the examples compile', () => {
    for (const file of ['templates/driver.yaml', 'examples/reference-sp-driver.yaml']) {
      const driver = compileDriver(parseYaml(readFileSync(file, 'utf8')), options);
      assert.ok(driver.capabilities.size > 0, file);
    }
  });

  test('a capability offered only with a setting is left out without it', () => {
    const document = parseYaml(readFileSync('examples/reference-sp-driver.yaml', 'utf8')) as unknown;
    assert.equal(compileDriver(document, options).capabilities.has('jit-first-owner'), false);
    assert.equal(compileDriver(document, { ...options, settings: { operatorToken: 't' } }).capabilities.has('jit-first-owner'), true);
  });

  test('every mistake is HARNESS_DRIVER_INVALID naming its place in the file', () => {
    const with_ = (change: (document: Record<string, unknown>) => void): Record<string, unknown> => {
      const document = structuredClone(minimal());
      change(document);
      return document;
    };
    const methods = (document: Record<string, unknown>): Record<string, unknown> => document['methods'] as Record<string, unknown>;
    invalid(with_((d) => (d['capabilities'] = ['direct-url', 'teleport'])), /capabilities\[1\]/);
    invalid(with_((d) => (d['capabilities'] = ['saml'])), /methods\.configureSaml/);
    invalid(with_((d) => (d['capabilities'] = ['portal-key'])), /methods\.startSignIn\.portal-key/);
    invalid(with_((d) => (d['capabilities'] = ['join-prompt'])), /outcome\.joinPrompt/);
    invalid(with_((d) => (methods(d)['createOrganization'] = [{ teleport: '/x' }])), /methods\.createOrganization\[0\]/);
    invalid(with_((d) => (methods(d)['createOrganization'] = [{ goto: '/x', click: 'y' }])), /methods\.createOrganization\[0\]/);
    invalid(with_((d) => (methods(d)['createOrganization'] = [{ fill: { '#a': '{input.name | shout}' } }])), /methods\.createOrganization\[0\]\.fill/);
    invalid(with_((d) => (methods(d)['createOrganization'] = [{ fill: { '#a': '{idp.ssoUrl}' } }])), /"idp" is not available/);
    invalid(with_((d) => (methods(d)['createOrganization'] = [{ return: {} }, { goto: '/x' }])), /return must be the last/);
    invalid(with_((d) => (methods(d)['createSsoOrganization'] = [{ goto: '/x' }])), /methods\.createSsoOrganization\[0\]/);
    invalid(with_((d) => (methods(d)['teleport'] = [])), /methods\.teleport/);
    invalid(with_((d) => delete methods(d)['probeSession']), /methods\.probeSession/);
    invalid(with_((d) => delete (d['outcome'] as Record<string, unknown>)['refused']), /outcome\.refused/);
    invalid(with_((d) => ((d['outcome'] as Record<string, Record<string, unknown>>)['signedIn']!['when'] = { url: '(' })), /outcome\.signedIn\.when\.url/);
    invalid(with_((d) => (methods(d)['createOrganization'] = [{ request: { path: '/x', headers: { a: '{settings.apiKey}' } } }])), /settings\.apiKey/);
    invalid(with_((d) => (d['settings'] = { apiKey: { description: 'the key' } })), /settings\.apiKey is required/);
    invalid(with_((d) => (d['colour'] = 'blue')), /colour/);
    invalid('just text', /mapping/);
  });

  test('a file that is not YAML is refused with the code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driver-'));
    await writeFile(join(dir, 'broken.yaml'), 'name: [unclosed\n');
    await assert.rejects(createDeclarativeDriver(join(dir, 'broken.yaml'), options), { code: 'HARNESS_DRIVER_INVALID' });
    await rm(dir, { recursive: true, force: true });
  });
});

describe('declarative driver: API calls without a browser (createSsoOrganization)', () => {
  let server: Server;
  let spUrl: string;
  const seen: { path: string; auth: string | undefined; body: unknown }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(text || '{}') as { name?: string };
        seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        res.setHeader('content-type', 'application/json');
        if (body.name === 'Taken') res.writeHead(409).end(JSON.stringify({ error: 'slug_taken' }));
        else if (body.name === 'Broken') res.writeHead(500).end('{"oops":true}');
        else res.writeHead(201).end(JSON.stringify({ id: 'org_1', acs: `http://sp.test/acs/org_1`, entity: 'http://sp.test/meta/org_1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    spUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function driver() {
    const document = structuredClone(minimal());
    document['capabilities'] = ['direct-url', 'saml', 'jit-first-owner'];
    document['settings'] = { apiKey: { description: 'key' } };
    document['vocabularies'] = { refusals: { slug_taken: 'SSO_PORTAL_KEY_TAKEN' } };
    const methods = document['methods'] as Record<string, unknown>;
    methods['configureSaml'] = [{ return: { entityId: 'e', acsUrl: 'a' } }];
    methods['createSsoOrganization'] = [
      {
        request: {
          method: 'POST',
          path: '/api/orgs',
          headers: { authorization: 'Bearer {settings.apiKey}' },
          json: { name: '{input.name}', key: '{options.portalKey}', jit: '{options.provisioning | eq:jit}' },
          refused: { status: [409], code: '{response.json.error | map:refusals}' },
        },
      },
      { return: { organization: { id: '{response.json.id}' }, values: { entityId: '{response.json.entity}', acsUrl: '{response.json.acs}' } } },
    ];
    return compileDriver(document, { ...options, spUrl, settings: { apiKey: 'k1' } });
  }
  const input = (name: string) =>
    ({ name, protocol: 'saml', idp: { kind: 'manual', ssoUrl: 'u', issuer: 'i', certificatePem: 'c' }, options: { portalKey: 'acme', provisioning: 'jit' } }) as const;

  test('the request carries the templated body and headers, and the answer fills the result', async () => {
    const made = await driver().createSsoOrganization!(input('Acme'));
    assert.deepEqual(made, { protocol: 'saml', organization: { id: 'org_1', name: 'Acme', adminEmail: null }, values: { entityId: 'http://sp.test/meta/org_1', acsUrl: 'http://sp.test/acs/org_1', portalUrl: undefined } });
    assert.deepEqual(seen.at(-1), { path: '/api/orgs', auth: 'Bearer k1', body: { name: 'Acme', key: 'acme', jit: true } });
  });

  test('a refused status is the SP refusing the settings, with its code through the vocabulary', async () => {
    await assert.rejects(driver().createSsoOrganization!(input('Taken')), (error: unknown) => error instanceof SpConfigurationRefusedError && error.spErrorCode === 'SSO_PORTAL_KEY_TAKEN');
  });

  test('any other unexpected status is a coded step failure', async () => {
    await assert.rejects(driver().createSsoOrganization!(input('Broken')), { code: 'HARNESS_DRIVER_STEP_FAILED' });
  });
});
