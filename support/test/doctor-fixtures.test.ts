/**
 * The doctor against its fixtures: every file in fixtures/doctor/valid and fixtures/doctor/invalid,
 * one table-driven loop over cases.json (written with the fixtures by
 * fixtures/generate-doctor-fixtures.ts from real sign-ins at the mock IdP, each misconfiguration
 * made with a fault). A valid file must yield no cause and exit status 0; an invalid one exactly the
 * cause codes its case names and exit status 1.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CAUSE_CODES, diagnose, readCommand, type DoctorCommand } from '../doctor/index.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'doctor');

interface Case {
  file: string;
  args: string[];
  expect: string[];
  about: string;
}

const { cases } = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: Case[] };

/** The case's command line, its relative paths made absolute. */
export function commandOf(testCase: Case): DoctorCommand {
  const args = testCase.args.map((arg) => (arg.startsWith('metadata/') ? join(DIR, arg) : arg));
  const command = readCommand([join(DIR, testCase.file), ...args]);
  assert.notEqual(command, 'help');
  return command as DoctorCommand;
}

describe('doctor fixtures', () => {
  test('every fixture file has a case, and every case a file', () => {
    const files = ['valid', 'invalid'].flatMap((folder) => readdirSync(join(DIR, folder)).map((name) => `${folder}/${name}`)).sort();
    assert.deepEqual(cases.map((testCase) => testCase.file).sort(), files);
  });

  test('valid cases expect no cause; every invalid case expects at least one', () => {
    for (const testCase of cases) assert.equal(testCase.expect.length === 0, testCase.file.startsWith('valid/'), testCase.file);
  });

  test('every cause code the doctor has is found by at least one invalid fixture', () => {
    const covered = new Set(cases.flatMap((testCase) => testCase.expect));
    assert.deepEqual(Object.keys(CAUSE_CODES).filter((code) => !covered.has(code)), []);
  });

  for (const testCase of cases) {
    test(`${testCase.file}: ${testCase.about}`, async () => {
      const report = await diagnose(commandOf(testCase));
      const found = [...new Set(report.messages.flatMap((message) => message.causes.map((cause) => cause.code)))].sort();
      assert.deepEqual(found, [...testCase.expect].sort());
      assert.equal(report.exitStatus, testCase.expect.length ? 1 : 0);
      assert.ok(report.messages.every((message) => message.unreadable === undefined), 'every message was decoded');
    });
  }
});
