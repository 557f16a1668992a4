/**
 * The SAML fixture plus an OIDC web app assigned the same way (alice directly, carol through the
 * Engineering group, bob not at all), made through the control API, and an independent RP
 * (openid-client) configured from discovery.
 */
import * as oidcClient from 'openid-client';
import type { OktaOidcApp } from '../../index.ts';
import { TestBrowser } from './browser.ts';
import { codeRequest, type CodeFlowSecrets } from './code-flow.ts';
import { browse, startFixture, type Browsed, type Fixture } from './fixture.ts';

export const RP_REDIRECT_URI = 'http://127.0.0.1:9/oidc/callback';
export const RP_SIGNED_OUT_URI = 'http://127.0.0.1:9/signed-out';

export interface OidcFixture extends Fixture {
  oidcApp: OktaOidcApp;
  clientId: string;
  clientSecret: string;
}

export async function startOidcFixture(): Promise<OidcFixture> {
  const fixture = await startFixture();
  const { control } = fixture.idp;
  const oidcApp = await control.createOidcApp({
    label: 'Reference SP (OIDC)',
    oauthClient: { redirect_uris: [RP_REDIRECT_URI], post_logout_redirect_uris: [RP_SIGNED_OUT_URI], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] },
    credentials: { pkce_required: true },
  });
  await control.assignUserToApp(oidcApp.id, fixture.users.alice);
  await control.assignGroupToApp(oidcApp.id, fixture.groupId);
  const setup = await control.getOidcSetup(oidcApp.id);
  return { ...fixture, oidcApp, clientId: setup.clientId, clientSecret: setup.clientSecret };
}

export function discover(fixture: OidcFixture, issuer: string): Promise<oidcClient.Configuration> {
  return oidcClient.discovery(new URL(issuer), fixture.clientId, fixture.clientSecret, undefined, { execute: [oidcClient.allowInsecureRequests] });
}

export interface StartedFlow extends Browsed, CodeFlowSecrets {}

/** An authorization code request with PKCE, followed (signing in as `login` if asked) until it leaves the IdP. */
export async function startCodeFlow(config: oidcClient.Configuration, browser: TestBrowser, login?: string, redirectUri = RP_REDIRECT_URI): Promise<StartedFlow> {
  const { url, ...secrets } = await codeRequest(config, redirectUri);
  return { ...(await browse(browser, url.href, login)), ...secrets };
}
