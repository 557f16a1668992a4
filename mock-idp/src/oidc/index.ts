/**
 * The org's OpenID Connect side, laid out as Okta's: the org authorization server (issuer = org
 * origin) and the custom `default` authorization server. Mounted by the org app as one express
 * router, before any body parser (oidc-provider reads request bodies itself).
 *
 * The servers and their signing keys are made on the first OIDC request, so an org that only uses
 * SAML pays nothing for them. Keys are generated per org and never leave memory.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import { createAuthorizationServer, interactionPath, type AuthorizationServerSpec } from './authorization-server.ts';
import type { OidcPorts } from './ports.ts';

export type { OidcClientRecord, OidcErrorPage, OidcPorts, OidcUserRecord } from './ports.ts';

export type AuthorizationServerId = 'org' | 'default';

interface Server {
  spec: AuthorizationServerSpec;
  provider: Provider;
  handle: (req: IncomingMessage, res: ServerResponse) => unknown;
}

export interface OrgOidc {
  router: Router;
  issuer(server: AuthorizationServerId): string;
  /**
   * An id_token the org would issue to `clientId` for `userId` — what an Okta Simplified tile
   * POSTs to the app. Signed with the server's key, verifiable with its published JWKS.
   */
  mintIdToken(server: AuthorizationServerId, input: { clientId: string; userId: string; nonce?: string }): Promise<string>;
}

/** Okta's page for a suspended or deactivated user, the same code the SAML endpoint shows. */
const USER_INACTIVE = {
  status: 403,
  code: 'IDP_USER_INACTIVE',
  title: 'Account not active',
  detail: 'This account is not active. Contact your administrator.',
} as const;

const USER_NOT_ASSIGNED = {
  status: 403,
  code: 'IDP_USER_NOT_ASSIGNED',
  title: 'You are not allowed to access this app',
  detail: 'User is not assigned to this application',
} as const;

export function createOrgOidc(ports: OidcPorts): OrgOidc {
  const mountPaths: Record<AuthorizationServerId, string> = { org: '', default: '/oauth2/default' };
  const issuer = (id: AuthorizationServerId): string => `${ports.origin}${mountPaths[id]}`;
  const servers = new Map<AuthorizationServerId, Promise<Server>>();

  function server(id: AuthorizationServerId): Promise<Server> {
    let made = servers.get(id);
    if (!made) {
      made = (async () => {
        const spec: AuthorizationServerSpec = { id, issuer: issuer(id), mountPath: mountPaths[id], signingKey: await newSigningKey() };
        const provider = createAuthorizationServer(spec, ports);
        return { spec, provider, handle: provider.callback() };
      })();
      servers.set(id, made);
    }
    return made;
  }

  const router = express.Router();
  const forward = (id: AuthorizationServerId) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      (await server(id)).handle(req, res);
    } catch (error) {
      next(error);
    }
  };

  // The mock's sign-in step of an authorization request: it shares the org's sign-in session.
  for (const id of ['org', 'default'] as const) {
    router.get(interactionPath({ mountPath: mountPaths[id] }, ':uid'), async (req, res, next) => {
      try {
        await finishInteraction(await server(id), ports, req, res);
      } catch (error) {
        next(error);
      }
    });
  }
  router.use('/oauth2/default', forward('default'));
  router.use(['/oauth2/v1', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'], (req, res, next) => {
    // express strips the mount path and records it in baseUrl; the org server is mounted at the
    // root, so oidc-provider must see the full path and no base.
    req.url = req.originalUrl;
    req.baseUrl = '';
    void forward('org')(req, res, next);
  });

  return {
    router,
    issuer,
    async mintIdToken(id, { clientId, userId, nonce }) {
      const { spec } = await server(id);
      const user = ports.findUser(userId);
      if (!user) throw new Error(`no active user ${userId}`);
      const now = ports.now();
      return new SignJWT({
        ver: 1,
        jti: `ID.${randomUUID()}`,
        amr: ['pwd'],
        idp: ports.orgId,
        auth_time: now,
        name: `${user.firstName} ${user.lastName}`.trim(),
        email: user.email,
        email_verified: true,
        preferred_username: user.login,
        ...(nonce ? { nonce } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: spec.signingKey.kid! })
        .setSubject(user.id)
        .setIssuer(spec.issuer)
        .setAudience(clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(await importJWK(spec.signingKey, 'RS256'));
    },
  };
}

async function finishInteraction(server: Server, ports: OidcPorts, req: Request, res: Response): Promise<void> {
  const { provider } = server;
  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    res.status(400).type('html').send(
      ports.renderErrorPage({ status: 400, code: 'IDP_OIDC_INTERACTION_EXPIRED', title: 'This sign-in has expired', detail: 'Start again from the app.' }),
    );
    return;
  }
  const userId = ports.currentUserId(req);
  if (!userId) {
    if (ports.sessionUserInactive(req)) {
      res.status(USER_INACTIVE.status).type('html').send(ports.renderErrorPage(USER_INACTIVE));
      return;
    }
    res.redirect(ports.signInPath(req.originalUrl));
    return;
  }
  const clientId = String(details.params['client_id']);
  if (!ports.isAssigned(userId, clientId)) {
    res.status(USER_NOT_ASSIGNED.status).type('html').send(ports.renderErrorPage(USER_NOT_ASSIGNED));
    return;
  }
  // Login and (skipped) consent in one go: the grant is made by loadExistingGrant.
  await provider.interactionFinished(req, res, { login: { accountId: userId } }, { mergeWithLastSubmission: false });
}

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID().replace(/-/g, ''), alg: 'RS256', use: 'sig' };
}
