// SAML with @node-saml/passport-saml, one configuration per workspace (MultiSamlStrategy), the way
// its README shows for multi-tenant apps. The IdP's Sign on URL, Issuer and certificate come from the
// workspace's SSO settings; the Entity ID and ACS URL are the app's, per workspace.
import { MultiSamlStrategy } from '@node-saml/passport-saml';
import { workspaceById } from '../store.js';

/**
 * passport-saml checks InResponseTo against the IDs of the requests it sent. MultiSamlStrategy makes
 * a SAML instance per request, so the IDs must live in one cache shared by all of them.
 */
function requestIdCache(lifetimeMs = 10 * 60 * 1000) {
  const entries = new Map();
  return {
    async saveAsync(key, value) {
      if (entries.has(key)) return null;
      const item = { value, createdAt: Date.now() };
      entries.set(key, item);
      return item;
    },
    async getAsync(key) {
      const item = entries.get(key);
      if (!item || Date.now() - item.createdAt > lifetimeMs) return null;
      return item.value;
    },
    async removeAsync(key) {
      const item = entries.get(key);
      entries.delete(key);
      return item?.value ?? null;
    },
  };
}

export const samlUrls = (baseUrl, workspace) => ({
  entityId: `${baseUrl}/sso/saml/${workspace.id}/metadata`,
  acsUrl: `${baseUrl}/sso/saml/${workspace.id}/acs`,
});

export function createSamlStrategy(baseUrl, verify) {
  const cacheProvider = requestIdCache();
  return new MultiSamlStrategy(
    {
      passReqToCallback: true,
      getSamlOptions(req, done) {
        const workspace = workspaceById(req.params.workspaceId);
        const saml = workspace?.sso?.protocol === 'saml' ? workspace.sso.saml : null;
        if (!saml) return done(Object.assign(new Error('SAML is not set up for this workspace'), { code: 'sso_not_configured' }));
        const { entityId, acsUrl } = samlUrls(baseUrl, workspace);
        done(null, {
          entryPoint: saml.entryPoint,
          idpIssuer: saml.issuer,
          idpCert: saml.cert,
          issuer: entityId,
          audience: entityId,
          callbackUrl: acsUrl,
          identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          validateInResponseTo: 'always',
          cacheProvider,
        });
      },
    },
    // Sign-in: the profile is what the IdP asserted; the app decides who that is.
    (req, profile, done) => verify(req, { email: profile?.email ?? profile?.nameID, method: 'saml' }, done),
    // Single logout is not offered.
    (_req, _profile, done) => done(null, undefined),
  );
}
