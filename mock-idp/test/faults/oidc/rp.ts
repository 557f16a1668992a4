/**
 * The RP side of the OIDC fault integration tests: openid-client in its strict mode (id_token
 * signatures checked against the JWKS even from the token endpoint), a code flow through a browser
 * already signed in to the mock, and the refusal openid-client reports, reduced to what tests
 * compare: its code, and the claim or parameter it names.
 */
import * as oidcClient from 'openid-client';
import { TestBrowser } from '../../support/browser.ts';
import { finishCodeFlow } from '../../support/code-flow.ts';
import { browse } from '../../support/fixture.ts';
import { discover, startCodeFlow, type OidcFixture } from '../../support/oidc-fixture.ts';

/** A fresh RP configuration (so a fresh JWKS cache) that verifies every id_token signature. */
export async function strictRp(fixture: OidcFixture, issuer = fixture.idp.url): Promise<oidcClient.Configuration> {
  const config = await discover(fixture, issuer);
  oidcClient.enableNonRepudiationChecks(config);
  return config;
}

/** A browser signed in to the mock as `login`, so each flow after it needs no password. */
export async function signedInBrowser(fixture: OidcFixture, login: string): Promise<TestBrowser> {
  const browser = new TestBrowser();
  await browse(browser, `${fixture.idp.url}/app/UserHome`, login);
  return browser;
}

export interface Refusal {
  /** openid-client's code (`OAUTH_…`), or the error's name when it has none (AuthorizationResponseError). */
  code: string;
  /** The claim a JWT check names, when it names one. */
  claim?: string;
  /** The OAuth `error` of an error response. */
  error?: string;
}

export function refusalOf(thrown: unknown): Refusal {
  const error = thrown as { code?: string; name?: string; error?: string; cause?: { cause?: { claim?: string } } };
  return {
    code: error.code ?? error.name ?? String(thrown),
    ...(error.cause?.cause?.claim ? { claim: error.cause.cause.claim } : {}),
    ...(error.error ? { error: error.error } : {}),
  };
}

/** One sign-in through a code flow: the tokens openid-client accepted, or its refusal. */
export async function codeFlow(config: oidcClient.Configuration, browser: TestBrowser): Promise<{ tokens?: Awaited<ReturnType<typeof finishCodeFlow>>; refusal?: Refusal; location: string | undefined }> {
  const flow = await startCodeFlow(config, browser);
  try {
    return { tokens: await finishCodeFlow(config, flow), location: flow.location };
  } catch (error) {
    return { refusal: refusalOf(error), location: flow.location };
  }
}
