/**
 * The README's count of the Management API's routes comes from the routers themselves: this test
 * walks them, prints the figure (`npx tsx --test mock-idp/test/integration/api-routes.test.ts`) and
 * fails when the README says another number.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Router } from 'express';
import { apiRouter } from '../../src/api/router.ts';
import type { Org } from '../../src/org.ts';
import { sessionsMeRouter } from '../../src/signin/sessions-me.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every "METHOD path" a router (and the routers mounted in it) answers. */
function routesOf(stack: Layer[], out = new Set<string>()): Set<string> {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) if (method !== '_all') out.add(`${method.toUpperCase()} ${layer.route.path}`);
    } else if (layer.handle?.stack) routesOf(layer.handle.stack, out);
  }
  return out;
}

void test("the README's /api/v1 route count is the routers' own", () => {
  // The routers are only built here, never called: an org with what building them reads.
  const org = { info: { apiToken: 'unused' }, limits: { maxApiBodyBytes: 1024 } } as unknown as Org;
  const api = [...routesOf((apiRouter(org) as Router & { stack: Layer[] }).stack)];
  const sessions = routesOf((sessionsMeRouter(org) as Router & { stack: Layer[] }).stack);
  const trustedOrigins = api.filter((route) => route.includes('/trustedOrigins'));
  const core = api.length - trustedOrigins.length;
  console.log(`Management API: ${core} routes for users, groups, apps and keys, ${trustedOrigins.length} for trusted origins, ${sessions.size} for /sessions/me (${core + trustedOrigins.length + sessions.size} in all)`);
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  assert.match(readme, new RegExp(`the \\d+ below, on ${core} routes`), 'README "The Management API" names the route count');
  assert.equal(trustedOrigins.length + sessions.size, 9, 'the trusted origins and sessions/me routes the README lists');
});
