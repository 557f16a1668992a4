// The suite fails an insecure SP, through the path any other SP takes: a variant of the reference SP
// that skips the audience check (the test-only weakening of src/weakenings.ts), started on its own
// port, gated with `npm run conformance -- --sp-url … --sp-driver <module>` like an external SP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../../sp-under-test/index.ts';

function runConformance(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

void describe('an SP that skips the audience check', () => {
  let sp: ReferenceSp;
  before(async () => {
    sp = await createReferenceSp({ weakenedForMutationTesting: 'saml-audience' });
  });
  after(() => sp.close());

  void it('fails the security catalogue through the external-driver path, with the case named', async () => {
    const { code, output } = await runConformance([
      '--sp-url',
      sp.url,
      '--sp-driver',
      'steps/drivers/reference-sp.ts',
      '--name',
      'saml-control-sp-initiated|saml-audience-wrong|saml-destination-wrong',
    ]);
    assert.equal(code, 1, output);
    assert.match(output, /saml-audience-wrong: ACCEPTED — the SP is vulnerable/);
    assert.match(output, /source: {3}NEGATIVE-CASES audience/);
    assert.match(output, /security: 1 refused, 1 accepted \(vulnerable\), 0 skipped; controls: 1 accepted, 0 refused/);
    assert.match(output, /security: vulnerable to saml-audience-wrong/);
  });
});
