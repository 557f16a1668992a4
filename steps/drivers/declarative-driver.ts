import type { SpDriver, SpDriverOptions } from './sp-driver.ts';
import { SpDriverLoadError } from './load-driver.ts';

export function createDeclarativeDriver(path: string, _options: SpDriverOptions): Promise<SpDriver> {
  return Promise.reject(new SpDriverLoadError('HARNESS_DRIVER_INVALID', `${path}: declarative drivers are not built yet`));
}
