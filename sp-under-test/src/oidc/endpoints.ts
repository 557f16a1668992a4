// The SP's generated per-org OIDC values, which the admin copies into the Okta app integration.
export interface OidcEndpoints {
  /** Okta's "Sign-in redirect URIs": the code flow callback, and where an Okta Simplified tile POSTs. */
  redirectUri: string;
  /** Okta's "Initiate login URI" (Login flow: Redirect to app to initiate login, OIDC Compliant). */
  initiateLoginUri: string;
}

export function oidcEndpoints(baseUrl: string, orgId: string): OidcEndpoints {
  const id = encodeURIComponent(orgId);
  return { redirectUri: `${baseUrl}/sso/oidc/callback/${id}`, initiateLoginUri: `${baseUrl}/sso/oidc/initiate/${id}` };
}
