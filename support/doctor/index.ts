/**
 * The doctor as a library (the CLI and `repro` use it): read the input and the expectations, run
 * the checks, render. Every export is listed by name.
 */
import { readFile, stat } from 'node:fs/promises';
import { DoctorInputError } from './codes.ts';
import { runDoctor, type DoctorReport } from './doctor.ts';
import { readInput } from './input/read-input.ts';
import { readIdpMetadata, readSpMetadata, type Expectations } from './metadata/expectations.ts';
import type { DoctorCommand } from './options.ts';

export { CAUSE_CODES, INPUT_ERROR_CODES, DoctorInputError } from './codes.ts';
export type { Cause, CauseCode, InputErrorCode } from './codes.ts';
export { runDoctor } from './doctor.ts';
export type { DoctorReport, MessageReport, DoctorOptions } from './doctor.ts';
export { readInput } from './input/read-input.ts';
export type { FoundMessage } from './input/messages.ts';
export { renderText, renderJson } from './render.ts';
export { readCommand, USAGE } from './options.ts';
export type { DoctorCommand } from './options.ts';
export type { Expectations } from './metadata/expectations.ts';

/** A HAR of a long session can be large; anything past this is not a capture of one sign-in. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInputFile(file: string): Promise<{ text: string; source: string }> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        size += (chunk as Buffer).length;
        if (size > MAX_INPUT_BYTES) throw new DoctorInputError('DOCTOR_INPUT_UNREADABLE', `standard input is larger than ${MAX_INPUT_BYTES} bytes`);
        chunks.push(chunk as Buffer);
      }
      return { text: Buffer.concat(chunks).toString('utf8'), source: 'standard input' };
    }
    const info = await stat(file);
    if (!info.isFile()) throw new DoctorInputError('DOCTOR_INPUT_NOT_FOUND', `${file} is not a file`);
    if (info.size > MAX_INPUT_BYTES) throw new DoctorInputError('DOCTOR_INPUT_UNREADABLE', `${file} is larger than ${MAX_INPUT_BYTES} bytes`);
    return { text: await readFile(file, 'utf8'), source: `the file ${file}` };
  } catch (error) {
    if (error instanceof DoctorInputError) throw error;
    throw new DoctorInputError('DOCTOR_INPUT_NOT_FOUND', `${file} could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The expectations the command line gives, metadata read (and fetched, when URLs were given). */
export async function expectationsOf(command: Omit<DoctorCommand, 'file' | 'redact' | 'json' | 'skewSeconds'>): Promise<Expectations> {
  const expectations: Expectations = {};
  if (command.spMetadata) Object.assign(expectations, await readSpMetadata(command.spMetadata));
  for (const argument of command.idpMetadata) Object.assign(expectations, await readIdpMetadata(argument));
  // Explicit options win over metadata.
  if (command.spEntityId) expectations.spEntityId = { value: command.spEntityId, from: '--sp-entity-id' };
  if (command.acsUrls.length) expectations.acsUrls = { value: command.acsUrls, from: '--acs-url' };
  if (command.clientId) expectations.clientId = { value: command.clientId, from: '--client-id' };
  if (command.nonce) expectations.nonce = { value: command.nonce, from: '--nonce' };
  if (command.requestId) expectations.requestId = { value: command.requestId, from: '--request-id' };
  return expectations;
}

/** The whole doctor for one command line: what the CLI runs and the tests call. */
export async function diagnose(command: DoctorCommand, now: Date = new Date()): Promise<DoctorReport> {
  const input = await readInputFile(command.file);
  const messages = readInput(input.text, input.source);
  const expectations = await expectationsOf(command);
  return runDoctor(messages, { expectations, ...(command.at ? { at: command.at } : {}), now, skewSeconds: command.skewSeconds });
}
