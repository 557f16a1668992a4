/** `--out`: the reproduced org as a tenant file, to replay with `npm run idp -- --tenant FILE`. */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { TenantDocument } from '../../mock-idp/index.ts';
import { ReproError } from './errors.ts';

export function tenantYaml(tenant: TenantDocument, from: { app: string; user: string }): string {
  const header = [
    `# Made by npm run repro from ${from.app} and ${from.user} on ${new Date().toISOString()}.`,
    '# Replay: npm run idp -- --tenant <this file>. The mock makes new ids, keys and certificates at every',
    "# start: give the SP the app's new metadata (or client id and secret) again, and put the SP's own",
    '# URLs in the app if they changed. The password below was made up by repro.',
  ];
  return `${header.join('\n')}\n${stringify(tenant, { lineWidth: 0 })}`;
}

export async function writeTenantFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, { flag: 'w' });
  } catch (error) {
    throw new ReproError('REPRO_OUT_UNWRITABLE', `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
