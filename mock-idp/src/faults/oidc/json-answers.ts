/**
 * The JSON answers of an authorization server, edited member by member with `{set?, remove?}`:
 *
 *   token-response  the token endpoint's JSON (its id_token has passed oidc.id_token already):
 *                   `id_token` removed, `token_type` = "mac", another `access_token`…
 *   userinfo        the userinfo JSON: `sub` = "{original}1" (another subject), `email` changed…
 *   discovery       openid-configuration: `issuer` = "{original}1", `code_challenge_methods_supported`
 *                   = ["plain"] or removed, `authorization_response_iss_parameter_supported` = true…
 */
import { defineMutation, type JsonObject, type OidcFaultContext } from './context.ts';
import { editObject, readEdit, type Edit } from './edit.ts';

const readParams = (raw: Record<string, unknown>, path: string, issues: Parameters<typeof readEdit>[2]): Edit => readEdit(raw, path, issues, 'json');
const apply = (body: JsonObject, edit: Edit, context: OidcFaultContext) => editObject(body, edit, context.now);

export const tokenResponse = defineMutation({
  name: 'token-response',
  point: 'oidc.token_response',
  summary: "sets or removes members of the token endpoint's JSON (params: set, remove)",
  readParams,
  apply,
});

export const userinfo = defineMutation({
  name: 'userinfo',
  point: 'oidc.userinfo',
  summary: 'sets or removes userinfo claims, e.g. another sub (params: set, remove)',
  readParams,
  apply,
});

export const discovery = defineMutation({
  name: 'discovery',
  point: 'oidc.discovery',
  summary: 'sets or removes members of openid-configuration: issuer, code_challenge_methods_supported… (params: set, remove)',
  readParams,
  apply,
});
