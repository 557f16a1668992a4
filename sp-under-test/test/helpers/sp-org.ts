// An organization in a running reference SP, made the way an admin would (sign-up), configured and
// inspected through the JSON admin API. Shared by the HTTP tests of both protocols.
import assert from 'node:assert/strict';
import { Browser, testIdText } from './http.ts';

export interface SpOrg {
  orgId: string;
  apiToken: string;
  ownerEmail: string;
  /** The owner's browser, signed in with a password. */
  owner: Browser;
}

let n = 0;

export async function signupOrg(spUrl: string, label: string): Promise<SpOrg> {
  n += 1;
  const owner = new Browser();
  const ownerEmail = `owner${n}@${label}${n}.example`;
  const csrf = await owner.csrf(`${spUrl}/signup`);
  const res = await owner.postForm(`${spUrl}/signup`, { _csrf: csrf, organization: `${label} org ${n}`, email: ownerEmail, password: 'owner password' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/home');
  const html = await (await owner.get(`${spUrl}/settings/sso`)).text();
  return { orgId: testIdText(html, 'sso-org-id')!, apiToken: testIdText(html, 'sso-api-token')!, ownerEmail, owner };
}

/** What the JSON admin API needs: the org id and its API token (an org with or without an owner). */
export type OrgRef = Pick<SpOrg, 'orgId' | 'apiToken'>;

export function orgApi(spUrl: string, org: OrgRef, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${spUrl}/api/orgs/${org.orgId}${path}`, {
    method,
    headers: { authorization: `Bearer ${org.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** `extra` carries the invitation's other fields, e.g. a password for a member who may sign in with one. */
/** `extra` carries the invitation's other fields, e.g. a password for a member who may sign in with one. Returns the invitation link. */
export async function inviteTo(spUrl: string, org: OrgRef, email: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await orgApi(spUrl, org, 'POST', '/invitations', { email, ...extra });
  assert.equal(res.status, 201);
  return ((await res.json()) as { invitationUrl: string }).invitationUrl;
}

export interface Member {
  email: string;
  role: string;
  status: string;
}

export async function members(spUrl: string, org: OrgRef): Promise<Member[]> {
  const j = (await (await orgApi(spUrl, org, 'GET', '/members')).json()) as { members: Member[] };
  return j.members.map(({ email, role, status }) => ({ email, role, status }));
}

export async function memberStatus(spUrl: string, org: OrgRef, email: string): Promise<string | undefined> {
  return (await members(spUrl, org)).find((m) => m.email === email)?.status;
}

/** An SSO organization with no account, made by the vendor's staff through the operator API. */
export async function operatorOrg(spUrl: string, operatorToken: string, name: string, sso: Record<string, unknown>): Promise<OrgRef & { sso: Record<string, unknown> }> {
  const res = await fetch(`${spUrl}/api/operator/organizations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, sso }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const j = (await res.json()) as { id: string; apiToken: string; sso: Record<string, unknown> };
  return { orgId: j.id, apiToken: j.apiToken, sso: j.sso };
}

/** Who this browser is signed in as, or null when /home sends it to sign in. */
export async function whoAmI(spUrl: string, browser: Browser): Promise<{ email?: string; method?: string; role?: string } | null> {
  const res = await browser.get(`${spUrl}/home`);
  if (res.status !== 200) return null;
  const html = await res.text();
  return { email: testIdText(html, 'home-email'), method: testIdText(html, 'home-auth-method'), role: testIdText(html, 'home-role') };
}
