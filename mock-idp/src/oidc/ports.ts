/**
 * What the OpenID Connect part needs from the rest of the org, and nothing more. The org (tenant
 * store, sign-in session, error page) implements these; the OIDC part never reaches past them, so
 * oidc-provider stays an implementation detail of this folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';

/** An OIDC app integration as oidc-provider needs it (Okta's `oauthClient` settings). */
export interface OidcClientRecord {
  client_id: string;
  /** '' for public clients and private_key_jwt clients, which have none. */
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  /** oidc-provider's: `web` (default), or `native` (private-use scheme and loopback redirects). */
  application_type?: 'web' | 'native';
  token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  /** The client's public keys (private_key_jwt). */
  jwks?: { keys: Record<string, unknown>[] };
  /** Okta's "Require PKCE as additional verification". */
  require_pkce: boolean;
  /** Okta's refresh token rotation: ROTATE makes a new refresh token at every use, STATIC keeps it. */
  refresh_token_rotation?: 'ROTATE' | 'STATIC';
}

/**
 * Scopes an authorization server grants besides OpenID Connect's: on `default`, the org's custom
 * scopes; on the org server, Okta's Management API scopes (okta.*) for service apps.
 */
export type ScopeCatalogue = (server: 'org' | 'default') => readonly string[];

/** The user as the claims see it. */
export interface OidcUserRecord {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Names of the groups the user is in, for the `groups` claim. */
  groups: string[];
}

export interface OidcErrorPage {
  status: number;
  code: string;
  title: string;
  detail: string;
}

export interface OidcPorts {
  /** The org's origin, e.g. http://127.0.0.1:41234; the org authorization server's issuer. */
  origin: string;
  /**
   * The Okta org id (`00o…`): the id_token's `idp` claim, and the prefix of oidc-provider's cookie
   * names, which must be unique per org because every org shares the host 127.0.0.1 and cookies
   * ignore ports.
   */
  orgId: string;
  findClient(clientId: string): OidcClientRecord | undefined;
  /** An ACTIVE user, or undefined. */
  findUser(userId: string): OidcUserRecord | undefined;
  /** The ACTIVE user of the org's sign-in session (the one SAML uses too), if any. */
  currentUserId(req: IncomingMessage): string | undefined;
  /**
   * Whether the browser holds an org session whose user is no longer ACTIVE (suspended or
   * deactivated since signing in): such a person gets Okta's IDP_USER_INACTIVE page, as over SAML.
   */
  sessionUserInactive(req: IncomingMessage): boolean;
  /** Ends the org's sign-in session (RP-initiated logout signs out of Okta, not only of the app). */
  endSession(req: IncomingMessage, res: ServerResponse): void;
  /** The id of the browser's org sign-in session, if any: signing in again makes a new one. */
  currentSessionId(req: IncomingMessage): string | undefined;
  /**
   * Where to send a browser without a session; it comes back to `returnTo` after signing in.
   * `reauthenticate` asks for the password even from a browser with a session (prompt=login, max_age).
   */
  signInPath(returnTo: string, reauthenticate?: boolean): string;
  /** Whether the user may use the app (directly or through a group). */
  isAssigned(userId: string, clientId: string): boolean;
  /** Okta's error page, as HTML. */
  renderErrorPage(error: OidcErrorPage): string;
  /** Whether a page on `origin` may read the org's answers (a trusted origin with the CORS scope). */
  corsAllowed?(origin: string): boolean;
  /** Scopes beyond OpenID Connect's each server grants. */
  extraScopes?: ScopeCatalogue;
  /** Seconds since the epoch; a fake clock in tests. */
  now(): number;
  /** Deliberate faults (README "Faults"); without it, or while it is empty, nothing is ever changed. */
  faults?: OidcFaultPort;
}

/** A JSON object as an authorization server answers it (token response, userinfo, discovery, JWKS). */
export type JsonObject = Record<string, unknown>;

/** Parameters of an authorization response, in the order they are sent. */
export type ResponseParameters = [name: string, value: string][];

/** Who a message concerns, where the server knows it, and the id_token to replay if one is asked for. */
export interface OidcFaultEvent {
  clientId?: string | undefined;
  userId?: string | undefined;
  /** The id_token issued to this client and user on their previous sign-in (before this message). */
  previousIdToken?: string | undefined;
}

/** What a fault needs from the authorization server that sends the message. */
export interface OidcFaultServer {
  issuer: string;
  /** The server's private signing key (RS256, with its kid): faults re-sign edited tokens with it. */
  signingKey: JWK;
  /** The signing key's public half exactly as the JWKS publishes it. */
  publishedSigningKey: JWK;
  /** Keys published beside the signing key (fault-made), in the JWKS from now on. */
  extraPublishedKeys(): readonly JWK[];
  /** Publishes a public key in the server's JWKS from now on (a key rotation). */
  publishKey(publicJwk: JWK): void;
}

/**
 * Deliberate faults at the oidc.* points, and the record of every message sent. The servers call a
 * method only when `empty` is false, hand it the message they built, and send what it returns — the
 * same value when nothing changed it; a method never throws (a mutation that does not fit is
 * recorded as not applied) and records what was sent.
 */
export interface OidcFaultPort {
  readonly empty: boolean;
  /** The parameters sent to the redirect URI (code flow, implicit, Okta Simplified post); an id_token among them passes oidc.id_token first. */
  authorizationResponse(server: OidcFaultServer, event: OidcFaultEvent, parameters: ResponseParameters, sentTo: string): Promise<ResponseParameters>;
  /** The token endpoint's JSON; its id_token passes oidc.id_token first. */
  tokenResponse(server: OidcFaultServer, event: OidcFaultEvent, body: JsonObject): Promise<JsonObject>;
  userinfo(server: OidcFaultServer, event: OidcFaultEvent, body: JsonObject): Promise<JsonObject>;
  discovery(server: OidcFaultServer, body: JsonObject): Promise<JsonObject>;
  jwks(server: OidcFaultServer, body: JsonObject): Promise<JsonObject>;
}
