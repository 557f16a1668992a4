/**
 * What the control client was refused with, for tests that assert on Okta's status and errorCode
 * (never the summary text). A call that succeeds fails the test.
 */
import assert from 'node:assert/strict';
import { ControlApiError } from '../../index.ts';

export async function refusalOf(promise: Promise<unknown>): Promise<ControlApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ControlApiError, `expected ControlApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

/** The refusal's status and Okta errorCode, to compare with deepEqual. */
export async function codeOf(promise: Promise<unknown>): Promise<{ status: number; errorCode: string | undefined }> {
  const { status, errorCode } = await refusalOf(promise);
  return { status, errorCode };
}
