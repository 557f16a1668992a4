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

export function orgApi(spUrl: string, org: SpOrg, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${spUrl}/api/orgs/${org.orgId}${path}`, {
    method,
    headers: { authorization: `Bearer ${org.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** `extra` carries the invitation's other fields, e.g. a password for a member who may sign in with one. */
export async function inviteTo(spUrl: string, org: SpOrg, email: string, extra: Record<string, unknown> = {}): Promise<void> {
  assert.equal((await orgApi(spUrl, org, 'POST', '/invitations', { email, ...extra })).status, 201);
}

export async function memberStatus(spUrl: string, org: SpOrg, email: string): Promise<string | undefined> {
  const j = (await (await orgApi(spUrl, org, 'GET', '/members')).json()) as { members: Array<{ email: string; status: string }> };
  return j.members.find((m) => m.email === email)?.status;
}

/** Who this browser is signed in as, or null when /home sends it to sign in. */
export async function whoAmI(spUrl: string, browser: Browser): Promise<{ email?: string; method?: string; role?: string } | null> {
  const res = await browser.get(`${spUrl}/home`);
  if (res.status !== 200) return null;
  const html = await res.text();
  return { email: testIdText(html, 'home-email'), method: testIdText(html, 'home-auth-method'), role: testIdText(html, 'home-role') };
}
