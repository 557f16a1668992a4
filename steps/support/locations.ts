/**
 * Where the suite's own files are, from a clone (TypeScript run by tsx) or from the installed package
 * (compiled JavaScript under dist/). The features and the security catalogue are data files that stay
 * at the package root; the step code sits beside this file, in .ts or .js.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The first directory at or above `start` holding a package.json: the clone, or the installed package (dist/ has none). */
function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = packageRootAbove(here);
/** The Gherkin features (the package's `featuresDir` export). */
export const FEATURES_DIR = join(PACKAGE_ROOT, 'features');
/** The step definitions and their support code, compiled or not. */
export const STEPS_DIR = resolve(here, '..');
/** `ts` when run from source, `js` from the compiled package: cucumber imports step files with it. */
export const CODE_EXTENSION = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
