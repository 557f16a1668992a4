// The OIDC HTTP tests each run a real reference SP (port 0) against the test OP; one place starts
// and stops the pair so every file tears them down the same way (OP first, then the SP).
import { createReferenceSp, type ReferenceSp } from '../../index.ts';
import { startTestOp, type TestOp } from './test-op.ts';

export interface SpWithOp {
  sp: ReferenceSp;
  op: TestOp;
}

export async function startSpWithOp(): Promise<SpWithOp> {
  const sp = await createReferenceSp({ port: 0 });
  const op = await startTestOp();
  return { sp, op };
}

export async function stopSpWithOp({ sp, op }: SpWithOp): Promise<void> {
  await op.close();
  await sp.close();
}
