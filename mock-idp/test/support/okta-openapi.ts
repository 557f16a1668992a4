/**
 * Checks the mock's JSON against Okta's own schemas: components.schemas of Okta's Management API
 * OpenAPI file (okta-mgmt.yaml, Apache-2.0), compiled by ajv. The file is reference material beside
 * the repository (`../shared/reference/okta-openapi/`, or OKTA_OPENAPI=path), never copied into it;
 * without it the checks are skipped and say so.
 *
 * OpenAPI 3.0 is not quite JSON Schema, so two things are adapted while loading: `nullable` without
 * a `type` (which ajv refuses) is dropped, and `discriminator` is left to the named sub-schema (the
 * tests check a SAML app against SamlApplication, an OIDC app against OpenIdConnectApplication).
 * Unknown keywords (`example`, `x-okta-…`) are ignored; formats (date-time, uri, …) are checked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const OKTA_OPENAPI_PATH = process.env['OKTA_OPENAPI'] ?? resolve(repoRoot, '../shared/reference/okta-openapi/okta-mgmt.yaml');

// ajv-formats is CommonJS with a default export; under tsx its namespace may wrap it once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = adapt(value);
  if (out['nullable'] !== undefined && out['type'] === undefined) delete out['nullable'];
  return out;
}

export class OktaSchemas {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(schemas: unknown) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: { schemas: adapt(schemas) } }, 'okta');
  }

  /** Okta's schemas, or undefined when the OpenAPI file is not beside the repository. */
  static load(): OktaSchemas | undefined {
    if (!existsSync(OKTA_OPENAPI_PATH)) return undefined;
    const document = parse(readFileSync(OKTA_OPENAPI_PATH, 'utf8'), { maxAliasCount: -1 }) as { components: { schemas: unknown } };
    return new OktaSchemas(document.components.schemas);
  }

  /** The problems of `value` against components/schemas/`name`, as `path: message` lines (none when it conforms). */
  problems(name: string, value: unknown): string[] {
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `okta#/components/schemas/${name}` });
      this.compiled.set(name, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
  }
}
