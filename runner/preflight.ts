/**
 * Before any scenario: the driver loads, the SP answers and the IdP can make orgs. Each check stops
 * the run with one coded line, instead of a worker's stack trace or every scenario failing one by one.
 *
 *   load the driver        HARNESS_DRIVER_NOT_FOUND / HARNESS_DRIVER_INVALID
 *   the SP answers HTTP     HARNESS_SP_UNREACHABLE (any status counts: a 404 at / is an SP that is up)
 *   the IdP makes an org    HARNESS_IDP_UNREACHABLE / HARNESS_IDP_NOT_MOCK (POST then DELETE /mock/v1/orgs)
 */
import { loadSpDriver, SpDriverLoadError } from '../steps/drivers/load-driver.ts';
import type { SpDriver, SpDriverOptions } from '../steps/drivers/sp-driver.ts';
import { createIdpOrg, deleteIdpOrg, IdpOrgCreationError } from '../steps/support/idp-org.ts';
import { HarnessStop } from './errors.ts';

export async function loadDriverOrStop(name: string, options: SpDriverOptions): Promise<SpDriver> {
  try {
    return await loadSpDriver(name, options);
  } catch (error) {
    if (error instanceof SpDriverLoadError) throw new HarnessStop(error.code, error.message);
    // A declarative file's own checks carry HARNESS_DRIVER_INVALID too.
    if ((error as { code?: string }).code === 'HARNESS_DRIVER_INVALID') throw new HarnessStop('HARNESS_DRIVER_INVALID', (error as Error).message);
    throw new HarnessStop('HARNESS_DRIVER_INVALID', `${name}: ${(error as Error).message}`);
  }
}

export async function checkSpAnswers(spUrl: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(spUrl, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    throw new HarnessStop('HARNESS_SP_UNREACHABLE', `nothing answers at --sp-url ${spUrl} (${reason(error)}); start the SP first, or check the URL`);
  }
}

export async function checkIdpMakesOrgs(idpUrl: string, timeoutMs: number): Promise<void> {
  try {
    await fetch(idpUrl, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) }).then((response) => response.body?.cancel());
  } catch (error) {
    throw new HarnessStop('HARNESS_IDP_UNREACHABLE', `nothing answers at --idp-url ${idpUrl} (${reason(error)}); start the mock IdP first (sso-conformance idp), or check the URL`);
  }
  try {
    const org = await createIdpOrg(idpUrl, 'preflight');
    await deleteIdpOrg(idpUrl, org.id);
  } catch (error) {
    if (error instanceof IdpOrgCreationError) throw new HarnessStop('HARNESS_IDP_NOT_MOCK', `${error.message}: --idp-url must be the mock IdP's host URL (the first URL \`sso-conformance idp\` prints)`);
    throw new HarnessStop('HARNESS_IDP_UNREACHABLE', `the mock IdP at ${idpUrl} stopped answering (${reason(error)})`);
  }
}

/** fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a timeout). */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (error as Error).message;
}
