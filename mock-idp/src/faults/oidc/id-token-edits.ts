/**
 * `id-token-claims` and `id-token-header`: one rule of the id_token broken, everything else intact.
 * The edited token is signed again with the server's own key, so its signature is valid and a
 * refusal can only come from the edited claim or header member. The other segment is kept byte for
 * byte. Examples (from the OpenID conformance suite): `iss`, `aud`, `nonce` = `"{original}1"`;
 * `exp` = `"{now-6m}"`; `aud` = `["{original}", "{original}1"]`; header `typ` = `"at+jwt"`.
 */
import type { Fields, Issues } from '../../tenant/fields.ts';
import { applied, defineMutation, notApplied, type OidcFaultContext, type Outcome } from './context.ts';
import { editObject, readEdit, type Edit } from './edit.ts';
import { decodeJws, encodeSegment, signJws } from './jws.ts';
import { serverKey } from './keys.ts';

const NOT_A_JWS = 'not a JWS with a JSON header and payload';

const readJsonEdit = (raw: Fields, path: string, issues: Issues): Edit => readEdit(raw, path, issues, 'json');

/** Signs with the server's key: the header's alg when it is an RSA one, else RS256 under that header. */
function signWithServerKey(encodedHeader: string, encodedPayload: string, alg: unknown, context: OidcFaultContext): string {
  return signJws(encodedHeader, encodedPayload, alg, { kind: 'rsa', key: serverKey(context.signingKey) });
}

/** Edits one segment of the id_token and signs again; the other segment is kept byte for byte. */
function editSegment(segment: 'payload' | 'header') {
  return (token: string, edit: Edit, context: OidcFaultContext): Outcome<string> => {
    const jws = decodeJws(token);
    if (!jws) return notApplied(NOT_A_JWS);
    const outcome = editObject(jws[segment], edit, context.now);
    if (!outcome.applied) return outcome;
    const signed =
      segment === 'payload'
        ? signWithServerKey(jws.encoded.header, encodeSegment(outcome.value), jws.header['alg'], context)
        : signWithServerKey(encodeSegment(outcome.value), jws.encoded.payload, outcome.value['alg'], context);
    return applied(signed);
  };
}

export const idTokenClaims = defineMutation({
  name: 'id-token-claims',
  point: 'oidc.id_token',
  summary: 'sets or removes id_token claims, re-signed with the server key (params: set {claim: value}, remove [claim])',
  readParams: readJsonEdit,
  apply: editSegment('payload'),
});

export const idTokenHeader = defineMutation({
  name: 'id-token-header',
  point: 'oidc.id_token',
  summary: 'sets or removes id_token header members (typ, crit, kid, alg…), re-signed with the server key (params: set, remove)',
  readParams: readJsonEdit,
  apply: editSegment('header'),
});
