/**
 * oidc-provider 9.13 warns "Unsupported runtime" when it is loaded on Node 20: it compares the LTS
 * codename only, and the project supports Node 20 (README, dependency table). Import this module
 * right before the import of oidc-provider: it drops that one line, once, and nothing else; any other
 * warning oidc-provider prints still shows.
 */
import { stripVTControlCharacters } from 'node:util';

const warn = console.warn;
const UNSUPPORTED_RUNTIME = /^oidc-provider WARNING: Unsupported runtime\./;

function restore(): void {
  if (console.warn === quiet) console.warn = warn;
}

function quiet(...args: unknown[]): void {
  if (typeof args[0] === 'string' && UNSUPPORTED_RUNTIME.test(stripVTControlCharacters(args[0]))) {
    restore();
    return;
  }
  warn.apply(console, args);
}

console.warn = quiet;
// oidc-provider is evaluated in the same turn as this module; if it was loaded earlier, nothing comes.
setImmediate(restore).unref();
