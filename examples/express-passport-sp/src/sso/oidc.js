// OpenID Connect with openid-client: discovery from the workspace's issuer, the authorization code
// flow with PKCE, state and nonce kept in the browser's session, the ID token checked by the library.
import * as client from 'openid-client';

const configurations = new Map();

/** The IdP's configuration, discovered once per issuer and client. http is allowed on loopback only (a local mock IdP). */
async function configurationOf(oidc) {
  const key = `${oidc.issuer}\n${oidc.clientId}`;
  if (!configurations.has(key)) {
    const issuer = new URL(oidc.issuer);
    const loopback = issuer.hostname === '127.0.0.1' || issuer.hostname === 'localhost' || issuer.hostname === '[::1]';
    const discovered = client.discovery(issuer, oidc.clientId, oidc.clientSecret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined);
    configurations.set(key, discovered);
    discovered.catch(() => configurations.delete(key));
  }
  return configurations.get(key);
}

export const oidcRedirectUri = (baseUrl, workspace) => `${baseUrl}/sso/oidc/${workspace.id}/callback`;

export async function startOidc(req, res, baseUrl, workspace) {
  const configuration = await configurationOf(workspace.sso.oidc);
  const verifier = client.randomPKCECodeVerifier();
  const pending = { workspaceId: workspace.id, verifier, state: client.randomState(), nonce: client.randomNonce() };
  req.session.oidc = pending;
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidcRedirectUri(baseUrl, workspace),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  res.redirect(url.href);
}

/** The callback: the code exchanged and the ID token validated by openid-client; returns the asserted email. */
export async function finishOidc(req, baseUrl, workspace) {
  const pending = req.session.oidc;
  delete req.session.oidc;
  if (!pending || pending.workspaceId !== workspace.id) throw Object.assign(new Error('no sign-in in progress in this browser'), { code: 'sso_failed' });
  const configuration = await configurationOf(workspace.sso.oidc);
  const currentUrl = new URL(req.originalUrl, baseUrl);
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  return { email: tokens.claims()?.email, method: 'oidc' };
}
