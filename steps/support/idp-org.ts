/**
 * Creates the fresh mock IdP org a scenario works in, over HTTP, so the harness works the same
 * against an embedded mock IdP, one in another process, or one in a container.
 */
import type { OrgInfo } from '../../mock-idp/index.ts';

export class IdpOrgCreationError extends Error {
  readonly code = 'HARNESS_IDP_ORG_FAILED';
}

export async function createIdpOrg(idpUrl: string, name: string): Promise<OrgInfo> {
  const response = await fetch(new URL('/mock/v1/orgs', idpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) {
    throw new IdpOrgCreationError(`the mock IdP at ${idpUrl} answered ${response.status} to POST /mock/v1/orgs`);
  }
  return (await response.json()) as OrgInfo;
}

/**
 * Closes the scenario's org when the scenario is over, so a long-running mock IdP (maxOrgs) serves
 * any number of runs. Best effort: an IdP without DELETE (404) or one already gone is not a failure
 * of the scenario.
 */
export async function deleteIdpOrg(idpUrl: string, orgId: string): Promise<void> {
  await fetch(new URL(`/mock/v1/orgs/${encodeURIComponent(orgId)}`, idpUrl), { method: 'DELETE' }).catch(() => undefined);
}
