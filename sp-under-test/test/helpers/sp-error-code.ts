// The unit tests assert on an SpError's code, not on its message, so a reworded message never
// breaks them; anything else thrown is a real failure and propagates.
import { SpError } from '../../src/errors.ts';

/** The SpError code `fn` throws, or null when it returns normally. */
export function spErrorCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof SpError) return err.code;
    throw err;
  }
}
