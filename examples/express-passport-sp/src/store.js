// Everything the app keeps, in memory: workspaces, people and their memberships. A real product has a
// database here; the shape is what matters to the SSO code.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const workspaces = new Map(); // id → { id, name, sso }
const users = new Map(); // email → { email, passwordHash }
const memberships = []; // { workspaceId, email, role: 'Owner' | 'Admin' | 'Member', status: 'pending' | 'active' }

export const newId = (prefix) => `${prefix}_${randomBytes(6).toString('hex')}`;
export const normalizeEmail = (email) => String(email).trim().toLowerCase();

function hash(password, salt = randomBytes(16).toString('hex')) {
  return `${salt}:${scryptSync(password, salt, 32).toString('hex')}`;
}

export function checkPassword(email, password) {
  const user = users.get(normalizeEmail(email));
  if (!user?.passwordHash) return false;
  const [salt, expected] = user.passwordHash.split(':');
  return timingSafeEqual(Buffer.from(hash(password, salt).split(':')[1], 'hex'), Buffer.from(expected, 'hex'));
}

export function createWorkspace({ name, ownerEmail, ownerPassword }) {
  const email = normalizeEmail(ownerEmail);
  if (users.has(email)) return { error: 'email_taken' };
  const workspace = { id: newId('ws'), name, sso: null };
  workspaces.set(workspace.id, workspace);
  users.set(email, { email, passwordHash: hash(ownerPassword) });
  memberships.push({ workspaceId: workspace.id, email, role: 'Owner', status: 'active' });
  return { workspace };
}

export const workspaceById = (id) => workspaces.get(id);
export const workspaceByLoginKey = (key) => [...workspaces.values()].find((workspace) => workspace.sso?.loginKey === key);
export const membership = (workspaceId, email) => memberships.find((m) => m.workspaceId === workspaceId && m.email === normalizeEmail(email));
export const membershipsOf = (workspaceId) => memberships.filter((m) => m.workspaceId === workspaceId);
export const workspaceOfUser = (email) => memberships.find((m) => m.email === normalizeEmail(email));

export function invite(workspaceId, email) {
  const address = normalizeEmail(email);
  const existing = membership(workspaceId, address);
  if (existing) return existing;
  const invited = { workspaceId, email: address, role: 'Member', status: 'pending' };
  memberships.push(invited);
  return invited;
}

export function addMember(workspaceId, email) {
  const member = { workspaceId, email: normalizeEmail(email), role: 'Member', status: 'active' };
  memberships.push(member);
  return member;
}
