// The SP's generated per-org values ("DinMo's Entity ID / Callback URL / Portal URL").
export interface SpEndpoints {
  /** SP entity ID: exactly the SP metadata URL. */
  entityId: string;
  /** Assertion Consumer Service ("Callback URL", Okta's "Single sign on URL"). */
  acsUrl: string;
  metadataUrl: string;
}

export function spEndpoints(baseUrl: string, orgId: string): SpEndpoints {
  const metadataUrl = `${baseUrl}/sso/saml/metadata/${encodeURIComponent(orgId)}`;
  return { entityId: metadataUrl, metadataUrl, acsUrl: `${baseUrl}/sso/saml/acs/${encodeURIComponent(orgId)}` };
}

export function portalUrl(baseUrl: string, portalKey: string): string {
  return `${baseUrl}/sso?key=${encodeURIComponent(portalKey)}`;
}
