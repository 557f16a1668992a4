import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
let t = Date.now();
const doc = parse(readFileSync('../shared/reference/okta-openapi/okta-mgmt.yaml', 'utf8'), { maxAliasCount: -1 });
console.log('parse ms', Date.now() - t);
t = Date.now();
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
addFormats(ajv);
ajv.addSchema({ components: { schemas: doc.components.schemas } }, 'okta');
for (const name of ['User', 'Group', 'SamlApplication', 'OpenIdConnectApplication', 'AppUser', 'ApplicationGroupAssignment', 'JsonWebKey', 'Error', 'AssignedAppLink']) {
  try { ajv.compile({ $ref: `okta#/components/schemas/${name}` }); console.log('ok', name); } catch (e) { console.log('ERR', name, (e as Error).message.slice(0, 300)); }
}
console.log('compile ms', Date.now() - t);
