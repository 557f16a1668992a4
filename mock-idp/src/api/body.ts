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

function asValidation(error: unknown): never {
  if (error instanceof DuplicateError) throw oktaErrors.validation([`${error.field}: ${error.message}`]);
  throw error;
}

/**
 * A store uniqueness refusal as E0000001 on the field, whether the store call is synchronous or
 * returns a promise (creating a SAML app is async: it makes a key pair). A rejected promise must be
 * mapped too, or a duplicate would reach the error handler as an unknown error, a 500.
 */
export function refuseDuplicates<T>(make: () => T): T {
  try {
    const made = make();
    return (made instanceof Promise ? made.catch(asValidation) : made) as T;
  } catch (error) {
    return asValidation(error);
  }
}
