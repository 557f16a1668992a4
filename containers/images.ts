/**
 * The container images of the mock IdP and the reference SP, built from a prepared context so that
 * no step inside the build needs the network (machines here cannot reach image or package
 * registries from a build; a normal CI builds the same way):
 *
 *   pack           `npm pack` of this project (builds dist/ through prepack)
 *   install        the tarball with its production dependencies into CONTEXT/app (npm's cache first)
 *   prune          drop the packages only the conformance runner loads (cucumber, Playwright, tsx):
 *                  the servers never import them, and the image is ~40 MB smaller
 *   docker build   containers/mock-idp.Dockerfile and reference-sp.Dockerfile over CONTEXT, FROM
 *                  the NODE_IMAGE given (node:20-bookworm-slim, or containers/node-base.sh's)
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GenericContainer } from 'testcontainers';

const run = promisify(execFile);

export const IMAGE_NAMES = { idp: 'sso-conformance/mock-idp', sp: 'sso-conformance/reference-sp' } as const;
/** The runner's own dependencies: the servers in the images never load them. */
const RUNNER_ONLY = new Set(['@cucumber/cucumber', '@cucumber/messages', 'playwright-core', 'tsx']);

export const DEFAULT_NODE_IMAGE = 'node:20-bookworm-slim';

export async function packageVersion(root: string): Promise<string> {
  return (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function imageTags(root: string): Promise<{ idp: string; sp: string }> {
  const version = await packageVersion(root);
  return { idp: `${IMAGE_NAMES.idp}:${version}`, sp: `${IMAGE_NAMES.sp}:${version}` };
}

/** Packs the project and installs it with its server dependencies into a fresh context directory. */
export async function prepareContext(root: string, log: (line: string) => void): Promise<string> {
  const context = await mkdtemp(join(tmpdir(), 'sso-conformance-image-'));
  log('pack: npm pack (builds dist/)');
  const { stdout } = await run('npm', ['pack', '--pack-destination', context, '--json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const tarball = (JSON.parse(stdout) as { filename: string }[])[0]!.filename;
  const app = join(context, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'sso-conformance-image', private: true, dependencies: { 'sso-conformance': `file:../${tarball}` } }));
  log('install: the package and its production dependencies (npm cache first)');
  await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
  const removed = await pruneRunnerOnly(join(app, 'node_modules'));
  log(`prune: ${removed.length} packages only the runner loads`);
  await rm(join(context, tarball));
  await cp(join(root, 'containers', 'mock-idp.Dockerfile'), join(context, 'mock-idp.Dockerfile'));
  await cp(join(root, 'containers', 'reference-sp.Dockerfile'), join(context, 'reference-sp.Dockerfile'));
  return context;
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

async function manifest(dir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

/**
 * Keeps the top-level packages the servers' dependencies reach (from the package's own dependencies
 * less RUNNER_ONLY, following each package.json); removes the rest. Nested node_modules stay with
 * the package that holds them.
 */
async function pruneRunnerOnly(nodeModules: string): Promise<string[]> {
  const own = await manifest(join(nodeModules, 'sso-conformance'));
  const keep = new Set<string>(['sso-conformance']);
  const queue = Object.keys(own.dependencies ?? {}).filter((name) => !RUNNER_ONLY.has(name));
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (keep.has(name)) continue;
    keep.add(name);
    const next = await manifest(join(nodeModules, name));
    queue.push(...Object.keys({ ...next.dependencies, ...next.optionalDependencies }));
  }
  const installed: string[] = [];
  for (const entry of await readdir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const scoped of await readdir(join(nodeModules, entry))) installed.push(`${entry}/${scoped}`);
    else installed.push(entry);
  }
  const removed = installed.filter((name) => !keep.has(name));
  await Promise.all(removed.map((name) => rm(join(nodeModules, name), { recursive: true, force: true })));
  await rm(join(nodeModules, '.bin'), { recursive: true, force: true });
  return removed;
}

/** Builds both images over a prepared context; returns their tags. */
export async function buildImages(root: string, nodeImage: string, log: (line: string) => void): Promise<{ idp: string; sp: string }> {
  const tags = await imageTags(root);
  const context = await prepareContext(root, log);
  try {
    for (const [tag, dockerfile] of [[tags.idp, 'mock-idp.Dockerfile'], [tags.sp, 'reference-sp.Dockerfile']] as const) {
      const started = Date.now();
      await GenericContainer.fromDockerfile(context, dockerfile).withBuildArgs({ NODE_IMAGE: nodeImage }).build(tag, { deleteOnExit: false });
      log(`${tag} (FROM ${nodeImage}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return tags;
}
