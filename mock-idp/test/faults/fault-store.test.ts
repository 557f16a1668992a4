import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckedFault, MutationDefinition } from '../../src/faults/model.ts';
import { readFault } from '../../src/faults/read-fault.ts';
import { MutationRegistry } from '../../src/faults/registry.ts';
import { FaultLimitError, FaultStore } from '../../src/faults/store.ts';
import { MessageLog } from '../../src/inspector/message-log.ts';
import { Issues } from '../../src/tenant/fields.ts';

const NOW = new Date('2026-01-02T03:04:05Z');

function fault(overrides: Partial<CheckedFault> = {}): CheckedFault {
  return {
    label: 'case-1',
    appId: 'app1',
    userId: undefined,
    mode: 'once',
    mutations: [{ name: 'edit', point: 'saml.response', params: {} }],
    ...overrides,
  };
}

describe('fault store', () => {
  test('a once fault applies to the next matching event only, then is retired', () => {
    const store = new FaultStore(() => NOW);
    store.add(fault());
    assert.equal(store.begin({ appId: 'app1', userId: 'u1' }).take('saml.response').length, 1);
    assert.equal(store.begin({ appId: 'app1', userId: 'u1' }).take('saml.response').length, 0);
    assert.equal(store.list().length, 0);
  });

  test('an until-cleared fault applies every time until removed', () => {
    const store = new FaultStore(() => NOW);
    const { id } = store.add(fault({ mode: 'until-cleared' }));
    for (let i = 0; i < 3; i += 1) assert.equal(store.begin({ appId: 'app1' }).take('saml.response').length, 1);
    assert.equal(store.remove(id), true);
    assert.equal(store.begin({ appId: 'app1' }).take('saml.response').length, 0);
  });

  test('scope: another app or another user is never touched; an event that knows neither matches on the org', () => {
    const store = new FaultStore(() => NOW);
    store.add(fault({ userId: 'u1', mode: 'until-cleared' }));
    assert.equal(store.begin({ appId: 'app2', userId: 'u1' }).take('saml.response').length, 0);
    assert.equal(store.begin({ appId: 'app1', userId: 'u2' }).take('saml.response').length, 0);
    assert.equal(store.begin({ appId: 'app1', userId: 'u1' }).take('saml.response').length, 1);
    assert.equal(store.begin({}).take('saml.response').length, 1);
  });

  test('a once fault with mutations at several points is retired when each has applied once', () => {
    const store = new FaultStore(() => NOW);
    store.add(
      fault({
        mutations: [
          { name: 'edit', point: 'saml.response', params: {} },
          { name: 'wrap', point: 'saml.signed', params: {} },
        ],
      }),
    );
    const run = store.begin({ appId: 'app1' });
    assert.equal(run.take('saml.response').length, 1);
    assert.equal(store.list().length, 1, 'still due at saml.signed');
    assert.equal(run.take('saml.signed').length, 1);
    assert.equal(store.list().length, 0);
  });

  test('what was sent is recorded only when a fault changed it, with the fault and its mutations', () => {
    const store = new FaultStore(() => NOW);
    store.begin({ appId: 'app1' }).finish('SAML Response to http://sp/acs', { kind: 'saml-response', text: '<clean/>' });
    assert.deepEqual(store.sent(), []);
    const { id } = store.add(fault());
    const run = store.begin({ appId: 'app1', userId: 'u1' });
    run.take('saml.response');
    run.finish('SAML Response to http://sp/acs', { kind: 'saml-response', text: '<faulted/>' });
    assert.deepEqual(store.sent('case-1'), [
      {
        at: NOW.toISOString(),
        sentTo: 'SAML Response to http://sp/acs',
        appId: 'app1',
        userId: 'u1',
        faults: [{ id, label: 'case-1', mutations: [{ name: 'edit', point: 'saml.response' }] }],
        message: { kind: 'saml-response', text: '<faulted/>' },
      },
    ]);
    assert.deepEqual(store.sent('another'), []);
  });

  test('a taken mutation that did not fit is recorded with why, and still counts as used', () => {
    const store = new FaultStore(() => NOW);
    store.add(
      fault({
        mutations: [
          { name: 'edit', point: 'saml.response', params: {} },
          { name: 'edit', point: 'saml.response', params: { second: true } },
        ],
      }),
    );
    const run = store.begin({ appId: 'app1' });
    const [first, second] = run.take('saml.response');
    run.notApplied(second!, 'nothing to edit');
    run.finish('x', { kind: 'json', text: '{}' });
    assert.ok(first);
    assert.deepEqual(store.sent()[0]!.faults[0]!.mutations, [
      { name: 'edit', point: 'saml.response' },
      { name: 'edit', point: 'saml.response', notApplied: 'nothing to edit' },
    ]);
    assert.equal(store.empty, true);
  });

  test('limits: faults per org are capped with a coded refusal; the shared log keeps the newest records and cuts none under its bound', () => {
    const log = new MessageLog(() => NOW, { maxMessages: 2, maxChars: 1 << 20, lifetimeSeconds: 60 });
    const store = new FaultStore(() => NOW, { maxFaults: 2 }, log);
    store.add(fault({ mode: 'until-cleared' }));
    store.add(fault({ mode: 'until-cleared', label: 'other' }));
    assert.throws(() => store.add(fault()), FaultLimitError);
    for (const text of ['first', 'second-message', 'third']) {
      const run = store.begin({ appId: 'app1' });
      run.take('saml.response');
      run.finish('x', { kind: 'json', text });
    }
    assert.deepEqual(
      store.sent().map((record) => record.message.text),
      ['second-message', 'third'],
    );
    assert.equal(store.clear('other'), 1);
    assert.equal(store.clear(), 1);
    assert.equal(store.empty, true);
  });

  test('the sent view is the part of the inspector log that carries faults; clearing it leaves the rest', () => {
    const log = new MessageLog(() => NOW, { maxMessages: 10, maxChars: 1 << 20, lifetimeSeconds: 60 });
    const store = new FaultStore(() => NOW, undefined, log);
    store.begin({ appId: 'app1' }).finish('SAML Response to http://sp/acs', { kind: 'saml-response', text: '<clean/>' });
    store.add(fault());
    const run = store.begin({ appId: 'app1' });
    run.take('saml.response');
    run.finish('SAML Response to http://sp/acs', { kind: 'saml-response', text: '<faulted/>' });
    assert.deepEqual(log.list().map((entry) => [entry.kind, entry.faults.length, entry.message?.text]), [
      ['saml-response', 0, '<clean/>'],
      ['saml-response', 1, '<faulted/>'],
    ]);
    assert.deepEqual(store.sent().map((record) => record.message.text), ['<faulted/>']);
    store.clearSent();
    assert.deepEqual(store.sent(), []);
    assert.deepEqual(log.list().map((entry) => entry.message?.text), ['<clean/>']);
  });
});

describe('reading a fault', () => {
  const definitions: MutationDefinition[] = [
    {
      name: 'set-thing',
      point: 'saml.response',
      summary: 'test',
      readParams(raw, path, issues) {
        if (typeof raw['value'] !== 'string') issues.add(`${path}.value`, 'must be a string');
        return { value: raw['value'] };
      },
    },
  ];
  const registry = new MutationRegistry(definitions);
  const references = { appId: (v: string) => (v === 'app1' ? 'app1' : undefined), userId: (v: string) => (v === 'u1' ? 'u1' : undefined) };
  const read = (raw: Record<string, unknown>) => {
    const issues = new Issues();
    const checked = readFault(raw, '', issues, registry, references);
    return { checked, problems: issues.lines() };
  };

  test('a valid fault is checked, with its point from the registry and mode once by default', () => {
    const { checked, problems } = read({ label: 'x', appId: 'app1', mutations: [{ name: 'set-thing', params: { value: 'v' } }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(checked, {
      label: 'x',
      appId: 'app1',
      userId: undefined,
      mode: 'once',
      mutations: [{ name: 'set-thing', point: 'saml.response', params: { value: 'v' } }],
    });
  });

  test('every problem is named by its field path', () => {
    const { problems } = read({
      appId: 'nope',
      userId: 'nobody',
      mode: 'forever',
      extra: 1,
      mutations: [{ name: 'unknown' }, { name: 'set-thing', params: { value: 3 } }, 'x', { name: 'set-thing', params: [] }],
    });
    const paths = problems.map((line) => line.split(':')[0]);
    assert.deepEqual(paths.sort(), ['appId', 'extra', 'mode', 'mutations[0].name', 'mutations[1].params.value', 'mutations[2]', 'mutations[3].params', 'userId'].sort());
  });

  test('a fault without mutations is refused', () => {
    assert.deepEqual(read({}).problems.map((l) => l.split(':')[0]), ['mutations']);
    assert.deepEqual(read({ mutations: [] }).problems.map((l) => l.split(':')[0]), ['mutations']);
  });

  test('the registry refuses two mutations with one name, and names that are not lower-case-with-dashes', () => {
    assert.throws(() => new MutationRegistry([...definitions, ...definitions]), /two fault mutations/);
    assert.throws(() => new MutationRegistry([{ ...definitions[0]!, name: 'Bad_Name' }]), /lower-case/);
  });
});
