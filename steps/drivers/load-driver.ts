/**
 * Picks the SP driver named on the command line: `reference` for the bundled reference SP, or a
 * path to a module (relative to the working directory) that exports `createSpDriver`.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { SpDriver, SpDriverFactory } from './sp-driver.ts';
import { createReferenceSpDriver } from './reference-sp.ts';

export class SpDriverLoadError extends Error {
  readonly code = 'HARNESS_SP_DRIVER_INVALID';
}

export async function loadSpDriver(name: string, spUrl: string, settings: Readonly<Record<string, string>> = {}): Promise<SpDriver> {
  if (name === 'reference') return createReferenceSpDriver({ spUrl, settings });
  const moduleUrl = pathToFileURL(resolve(name)).href;
  let loaded: { createSpDriver?: unknown };
  try {
    loaded = (await import(moduleUrl)) as { createSpDriver?: unknown };
  } catch (error) {
    throw new SpDriverLoadError(`cannot import SP driver module ${name}: ${(error as Error).message}`);
  }
  if (typeof loaded.createSpDriver !== 'function') {
    throw new SpDriverLoadError(`SP driver module ${name} does not export a createSpDriver function`);
  }
  return (loaded.createSpDriver as SpDriverFactory)({ spUrl, settings });
}
