/** The SP admin's member list: invitations pending and accepted, accounts JIT created, nothing created by a refusal. */
import { Then } from '@cucumber/cucumber';
import { Members } from './tasks/sp-admin.ts';
import type { ConformanceWorld } from './support/world.ts';

Then("the SP's member list shows {actor} as a(n) {memberStatus} {role}", async function (this: ConformanceWorld, name: string, status: string, role: string) {
  await Members.expect(this, name, status, role);
});

Then("the SP's member list does not show {actor}", async function (this: ConformanceWorld, name: string) {
  await Members.expectAbsent(this, name);
});
