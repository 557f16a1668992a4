/**
 * `--runtime containers`: the mock IdP (unless --idp-url) and the reference SP (unless --sp-url) in
 * containers started with testcontainers, host networking, on loopback. Each check is a coded stop:
 *
 *   testcontainers loads     HARNESS_CONTAINER_RUNTIME_UNAVAILABLE (an optional peer dependency)
 *   an engine answers        HARNESS_CONTAINER_RUNTIME_UNAVAILABLE (with why)
 *   the images are there     HARNESS_IMAGE_MISSING (npm run containers:build makes them)
 *   each container is ready  HARNESS_CONTAINER_FAILED
 *
 * Unless the environment says otherwise, Ryuk (testcontainers' reaper) is off: its image is pulled
 * from a registry, and the run stops what it started itself. And the host testcontainers reports is
 * localhost: the containers share the host's network, and an engine without a bridge network
 * (dockerd --bridge=none) gives testcontainers no gateway to find it from.
 */
import { HarnessStop } from './errors.ts';
import type { RunOptions } from './options.ts';
import type { RuntimeUrls, Started } from './runtime.ts';

type ContainersModule = typeof import('../containers/index.ts');
type Testcontainers = typeof import('testcontainers');

async function load(): Promise<{ containers: ContainersModule; testcontainers: Testcontainers }> {
  containerDefaults();
  try {
    return { testcontainers: await import('testcontainers'), containers: await import('../containers/index.ts') };
  } catch (error) {
    throw new HarnessStop('HARNESS_CONTAINER_RUNTIME_UNAVAILABLE', `testcontainers does not load (${(error as Error).message.split('\n')[0]}): npm install --save-dev testcontainers@~11.14`);
  }
}

/** The environment testcontainers reads, defaulted as this module's comment says. */
export function containerDefaults(env: NodeJS.ProcessEnv = process.env): void {
  env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  env['TESTCONTAINERS_HOST_OVERRIDE'] ??= 'localhost';
}

export async function startContainers(options: RunOptions, settings: Record<string, string>, started: Started[], log: (line: string) => void): Promise<RuntimeUrls> {
  const { containers, testcontainers } = await load();
  let client: Awaited<ReturnType<Testcontainers['getContainerRuntimeClient']>>;
  try {
    client = await testcontainers.getContainerRuntimeClient();
  } catch (error) {
    throw new HarnessStop('HARNESS_CONTAINER_RUNTIME_UNAVAILABLE', `no container engine answers (${(error as Error).message.split('\n')[0]}); start Docker, or run without --runtime containers`);
  }
  const needed = [...(options.idpUrl ? [] : [containers.MOCK_IDP_IMAGE]), ...(options.spUrl ? [] : [containers.REFERENCE_SP_IMAGE])];
  for (const image of needed) {
    if (!(await client.image.exists(testcontainers.ImageName.fromString(image)))) {
      throw new HarnessStop('HARNESS_IMAGE_MISSING', `${image} is not built: npm run containers:build (README "Containers")`);
    }
  }
  const spSettings = { ...settings };
  const start = async <T extends Started>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      const container = await run();
      started.push(container);
      return container;
    } catch (error) {
      throw new HarnessStop('HARNESS_CONTAINER_FAILED', `the ${what} container did not become ready: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  let idpUrl = options.idpUrl;
  if (!idpUrl) {
    const idp = await start('mock IdP', () => new containers.MockOktaContainer().start().then((c) => Object.assign(c, { close: () => c.stop().then(() => undefined) })));
    idpUrl = idp.getUrl();
    log(`mock IdP: ${idpUrl} (container ${idp.getId().slice(0, 12)}, ${containers.MOCK_IDP_IMAGE})`);
  }
  let spUrl = options.spUrl;
  if (!spUrl) {
    const sp = await start('reference SP', () => new containers.ReferenceSpContainer().start().then((c) => Object.assign(c, { close: () => c.stop().then(() => undefined) })));
    spUrl = sp.getUrl();
    spSettings['operatorToken'] ??= sp.getOperatorToken();
    log(`reference SP: ${spUrl} (container ${sp.getId().slice(0, 12)}, ${containers.REFERENCE_SP_IMAGE})`);
  }
  return { idpUrl, spUrl, spSettings };
}
