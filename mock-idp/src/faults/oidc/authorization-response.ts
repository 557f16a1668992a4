/**
 * `authorization-response {set?, remove?}`: the parameters sent back to the redirect URI — the code
 * flow's redirect query (or fragment), a form_post's fields, an Okta Simplified tile's posted
 * fields. Examples: `state` = `"{original}1"` or removed; `iss` = `"{original}1"` or removed (RFC
 * 9207); `code` = `"{original}1"`; `error` = `"access_denied"` with `code` removed.
 */
import { defineMutation } from './context.ts';
import { editParameters, readEdit } from './edit.ts';

export const authorizationResponse = defineMutation({
  name: 'authorization-response',
  point: 'oidc.authorization_response',
  summary: 'sets or removes parameters sent to the redirect URI: code, state, iss, error… (params: set {name: text}, remove [name])',
  readParams: (raw, path, issues) => readEdit(raw, path, issues, 'parameter'),
  apply: (parameters, edit, context) => editParameters(parameters, edit, context.now),
});
