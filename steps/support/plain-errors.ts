/**
 * Errors reach the reports without ANSI colour codes. Playwright colours its call logs when it
 * believes a terminal shows them, and the HTML report, the JUnit file and a CI log would show the
 * raw escapes. Every step and hook is wrapped once here: a thrown error's message and stack lose
 * them, and nothing else changes (cucumber keeps each function's arity).
 */
import { stripVTControlCharacters } from 'node:util';
import { setDefinitionFunctionWrapper } from '@cucumber/cucumber';

setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  return async function plainErrors(this: unknown, ...args: unknown[]): Promise<unknown> {
    try {
      return await fn.apply(this, args);
    } catch (error) {
      if (error instanceof Error) {
        error.message = stripVTControlCharacters(error.message);
        if (error.stack) error.stack = stripVTControlCharacters(error.stack);
      }
      throw error;
    }
  };
});
