/**
 * `npm run containers:build [-- --node-image IMAGE]`: builds the mock IdP and reference SP images
 * (containers/images.ts says how) and prints their tags. Machines that cannot pull images pass a base
 * made from their own node: `bash containers/node-base.sh`, then `--node-image
 * sso-conformance/node:20-local` (or SSO_CONFORMANCE_NODE_IMAGE).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getContainerRuntimeClient } from 'testcontainers';
import { buildImages, DEFAULT_NODE_IMAGE } from '../containers/images.ts';
import { containerDefaults } from '../runner/containers-runtime.ts';

containerDefaults();

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'node-image': { type: 'string', default: process.env['SSO_CONFORMANCE_NODE_IMAGE'] ?? DEFAULT_NODE_IMAGE } }, strict: true });
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    console.error(`containers:build: HARNESS_CONTAINER_RUNTIME_UNAVAILABLE: no container engine answers (${(error as Error).message.split('\n')[0]})`);
    return 2;
  }
  await buildImages(resolve(import.meta.dirname, '..'), values['node-image'], (line) => console.log(`containers:build: ${line}`));
  return 0;
}

process.exitCode = await main();
