/**
 * A value a scenario sets in one step and reads in a later one. Reading it before it was set is a
 * mistake in the feature (a step out of order), so it fails with a message that says which value,
 * instead of an `undefined` that surfaces three calls later.
 */
export class Slot<T> {
  private value: T | undefined;
  private isSet = false;

  constructor(private readonly what: string) {}

  set(value: T): T {
    this.value = value;
    this.isSet = true;
    return value;
  }

  get(): T {
    if (!this.isSet) throw new Error(`no ${this.what} yet: an earlier step must set it up`);
    return this.value as T;
  }

  get present(): boolean {
    return this.isSet;
  }
}
