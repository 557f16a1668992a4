/** Okta's URL layout for a SAML app, per org origin (OKTA.md). */
import type { SamlApp } from '../tenant/model.ts';

export const samlIssuer = (app: Pick<SamlApp, 'externalKey'>): string => `http://www.okta.com/${app.externalKey}`;
export const ssoPath = (app: Pick<SamlApp, 'name' | 'externalKey'>): string => `/app/${app.name}/${app.externalKey}/sso/saml`;
export const sloPath = (app: Pick<SamlApp, 'name' | 'externalKey'>): string => `/app/${app.name}/${app.externalKey}/slo/saml`;
export const metadataPath = (app: Pick<SamlApp, 'externalKey'>): string => `/app/${app.externalKey}/sso/saml/metadata`;
export const apiMetadataPath = (app: Pick<SamlApp, 'id'>): string => `/api/v1/apps/${app.id}/sso/saml/metadata`;
