/** Helpers the API routes share: the JSON body as an object, and input problems as E0000001. */
import type { Request } from 'express';
import { oktaErrors } from '../errors.ts';
import { Issues, isObject, type Fields } from '../tenant/fields.ts';
import { DuplicateError } from '../tenant/org-store.ts';

export function jsonBody(req: Request): Fields {
  if (!isObject(req.body)) throw oktaErrors.validation(['body: must be a JSON object']);
  return req.body;
}

/** Runs a reader; any problem it recorded becomes a 400 E0000001 naming the fields. */
export function readOrRefuse<T>(read: (issues: Issues) => T): T {
  const issues = new Issues();
  const value = read(issues);
  if (!issues.empty) throw oktaErrors.validation(issues.lines());
  return value;
}

/** A store uniqueness refusal as E0000001 on the field. */
export function refuseDuplicates<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof DuplicateError) throw oktaErrors.validation([`${error.field}: ${error.message}`]);
    throw error;
  }
}
