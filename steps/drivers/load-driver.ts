/**
 * Loads the SP driver named on the command line: `reference` for the bundled reference SP, or a path
 * to a driver. A path is resolved against the caller's directory by the runner before the workers
 * see it (absolute here). Three kinds of file:
 *
 *   .ts / .mts      a module exporting `createSpDriver`, loaded as an ES module wherever it lives
 *                   (tsx compiles it; a .ts file outside any "type": "module" package would
 *                   otherwise be compiled as CommonJS and fail on its imports)
 *   .js / .mjs      the same, already JavaScript
 *   .yaml/.yml/.json a declarative driver (declarative-driver.ts): no code
 *
 * Every failure is one coded error: the file is not there (HARNESS_DRIVER_NOT_FOUND), or it does not
 * load or does not make a usable driver (HARNESS_DRIVER_INVALID, with what is wrong).
 */
import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDeclarativeDriver } from './declarative-driver.ts';
import { createReferenceSpDriver } from './reference-sp.ts';
import { DRIVER_METHODS_BY_CAPABILITY, REQUIRED_DRIVER_METHODS, SP_CAPABILITIES, type SpDriver, type SpDriverFactory, type SpDriverOptions } from './sp-driver.ts';

export type SpDriverLoadErrorCode = 'HARNESS_DRIVER_NOT_FOUND' | 'HARNESS_DRIVER_INVALID';

export class SpDriverLoadError extends Error {
  constructor(
    readonly code: SpDriverLoadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);
const DECLARATIVE = new Set(['.yaml', '.yml', '.json']);

export async function loadSpDriver(name: string, options: SpDriverOptions): Promise<SpDriver> {
  if (name === 'reference') return createReferenceSpDriver(options);
  const path = resolve(name);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new SpDriverLoadError('HARNESS_DRIVER_NOT_FOUND', `no SP driver at ${path} (give "reference", or a path to a .ts/.js module or a .yaml/.json declarative driver)`);
  }
  const extension = extname(path).toLowerCase();
  if (DECLARATIVE.has(extension)) return checkDriver(await createDeclarativeDriver(path, options), path);
  if (!TYPESCRIPT.has(extension) && !JAVASCRIPT.has(extension)) {
    throw new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${path}: an SP driver is a .ts or .js module or a .yaml/.json file, not ${extension || 'a file without an extension'}`);
  }
  if (TYPESCRIPT.has(extension)) await enableTypeScriptModules();
  let loaded: { createSpDriver?: unknown };
  try {
    loaded = (await import(pathToFileURL(path).href)) as { createSpDriver?: unknown };
  } catch (error) {
    throw new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${path} does not load: ${firstLine(error)}`);
  }
  if (typeof loaded.createSpDriver !== 'function') {
    throw new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${path} does not export a createSpDriver function`);
  }
  let driver: unknown;
  try {
    driver = await (loaded.createSpDriver as SpDriverFactory)(options);
  } catch (error) {
    throw new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${path}: createSpDriver threw: ${firstLine(error)}`);
  }
  return checkDriver(driver, path);
}

/** A driver must have the methods every driver has and those of each capability it lists. */
export function checkDriver(driver: unknown, source: string): SpDriver {
  const problems: string[] = [];
  const candidate = driver as Partial<SpDriver> | null;
  if (!candidate || typeof candidate !== 'object') {
    throw new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${source}: createSpDriver returned ${candidate === null ? 'null' : typeof candidate}, not a driver`);
  }
  if (typeof candidate.name !== 'string' || !candidate.name) problems.push('name: a non-empty string');
  if (!(candidate.capabilities instanceof Set)) problems.push('capabilities: a Set of capability names');
  for (const method of REQUIRED_DRIVER_METHODS) {
    if (typeof candidate[method] !== 'function') problems.push(`${method}: every driver has it`);
  }
  if (candidate.capabilities instanceof Set) {
    for (const capability of candidate.capabilities as Set<string>) {
      if (!Object.hasOwn(SP_CAPABILITIES, capability)) {
        problems.push(`capabilities: "${capability}" is not one of ${Object.keys(SP_CAPABILITIES).join(', ')}`);
        continue;
      }
      for (const method of DRIVER_METHODS_BY_CAPABILITY[capability as keyof typeof SP_CAPABILITIES] ?? []) {
        if (typeof candidate[method] !== 'function') problems.push(`${method}: needed by the capability ${capability}`);
      }
    }
  }
  if (problems.length > 0) throw new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${source} is not a usable SP driver: ${[...new Set(problems)].join('; ')}`);
  return candidate as SpDriver;
}

let typeScriptEnabled: Promise<void> | undefined;

/**
 * tsx compiles TypeScript; a resolve hook registered after it (so it runs first) marks every .ts
 * file outside node_modules as an ES module, whatever package.json (or none) is above it.
 */
function enableTypeScriptModules(): Promise<void> {
  typeScriptEnabled ??= (async () => {
    const { register: registerTsx } = await import('tsx/esm/api');
    registerTsx();
    register(`data:text/javascript,${encodeURIComponent(AS_ES_MODULE_HOOK)}`);
  })();
  return typeScriptEnabled;
}

const AS_ES_MODULE_HOOK = `
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.startsWith('file:') && !resolved.url.includes('/node_modules/') && /\\.(ts|mts|tsx)$/.test(new URL(resolved.url).pathname)) {
    return { ...resolved, format: 'module' };
  }
  return resolved;
}`;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
