/**
 * Reads a --sp-metadata / --idp-metadata argument: a file, or a URL fetched once — only when given,
 * and only over loopback http (127.0.0.1, ::1, localhost) or https, with a timeout and a size bound.
 * The doctor sends nothing anywhere else.
 */
import { readFile, stat } from 'node:fs/promises';
import { DoctorInputError } from '../codes.ts';

export const MAX_METADATA_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

export interface LoadedDocument {
  text: string;
  /** The file or URL, for people. */
  source: string;
  /** Set when it came from a URL (then its links may be followed the same way). */
  url?: URL;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether the doctor may fetch this URL: https anywhere, http on loopback only. */
export function mayFetch(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname));
}

export function isUrlArgument(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

export async function fetchDocument(url: URL, what: string): Promise<LoadedDocument> {
  if (!mayFetch(url)) {
    throw new DoctorInputError('DOCTOR_URL_REFUSED', `${what} ${url.href}: the doctor fetches only https URLs and http on loopback (127.0.0.1, localhost)`);
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${url.href} could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${url.href} answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_METADATA_BYTES) throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${url.href} is larger than ${MAX_METADATA_BYTES} bytes`);
  const text = await response.text();
  if (text.length > MAX_METADATA_BYTES) throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${url.href} is larger than ${MAX_METADATA_BYTES} bytes`);
  return { text, source: url.href, url };
}

/** A file path or a URL, as the argument says. */
export async function loadDocument(argument: string, what: string): Promise<LoadedDocument> {
  if (isUrlArgument(argument)) {
    let url: URL;
    try {
      url = new URL(argument);
    } catch {
      throw new DoctorInputError('DOCTOR_ARGS_INVALID', `${what}: ${argument} is not a valid URL`);
    }
    return fetchDocument(url, what);
  }
  try {
    const info = await stat(argument);
    if (info.size > MAX_METADATA_BYTES) throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${argument} is larger than ${MAX_METADATA_BYTES} bytes`);
    return { text: await readFile(argument, 'utf8'), source: argument };
  } catch (error) {
    if (error instanceof DoctorInputError) throw error;
    throw new DoctorInputError('DOCTOR_METADATA_UNREADABLE', `${what} ${argument} could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
