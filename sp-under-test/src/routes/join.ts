// ngrok's prompt. A person who arrived from the Okta dashboard (IdP-initiated SAML, or OIDC from the
// tile in either login flow) into a JIT organization where they have no account is asked first:
//
//   GET  /join   "Join {organization}?" for the prompt held in this browser session
//   POST /join   answer=accept → the account policy runs again for the held identity (a member is
//                created, or the person signed in if an account appeared meanwhile) → signed in;
//                answer=decline → nothing is created, no one is signed in
//
// The prompt is single use (taken on the first answer), expires after JOIN_PROMPT_TTL_MS, is bound
// to the browser session that received it, and the answer needs the session's CSRF token. No prompt
// (or an expired one) is SSO_JOIN_EXPIRED.
import express, { type Router } from 'express';
import { SpError, ssoError } from '../errors.ts';
import type { PendingJoin, Session } from '../model.ts';
import { joinDeclinedPage, joinPage } from '../views.ts';
import { bodyField, currentSession, requireCsrf, type AppContext } from '../web.ts';
import { completeSsoSignIn, JOIN_PATH } from './sso-sign-in.ts';

function livePrompt(ctx: AppContext, session: Session | undefined): PendingJoin {
  const pending = session?.pendingJoin;
  // An expired prompt is dropped, so it stays expired whatever the clock does later.
  if (session && pending && pending.expiresAt <= ctx.clock().getTime()) session.pendingJoin = null;
  if (!pending || !session?.pendingJoin) throw ssoError('SSO_JOIN_EXPIRED', 'there is no invitation to join waiting here; start again from your Okta dashboard');
  return pending;
}

export function joinRoutes(ctx: AppContext): Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  r.get(JOIN_PATH, (req, res) => {
    const session = currentSession(ctx, req);
    const pending = livePrompt(ctx, session);
    const org = ctx.store.orgs.get(pending.orgId);
    if (!org) throw ssoError('SSO_UNKNOWN_ORGANIZATION', 'the organization no longer exists');
    res.send(joinPage(session!.csrfToken, org.name, pending.identity.email));
  });

  r.post(JOIN_PATH, form, (req, res) => {
    const session = requireCsrf(ctx, req, bodyField(req, '_csrf'));
    const answer = bodyField(req, 'answer');
    if (answer !== 'accept' && answer !== 'decline') throw new SpError('BAD_REQUEST', 400, 'answer must be accept or decline');
    const pending = livePrompt(ctx, session);
    // Single use: taken before anything else, whatever the answer or its outcome.
    session.pendingJoin = null;
    const org = ctx.store.orgs.get(pending.orgId);
    if (!org) throw ssoError('SSO_UNKNOWN_ORGANIZATION', 'the organization no longer exists');
    if (answer === 'decline') {
      ctx.log(`join declined org=${org.id} ${pending.identity.email}`);
      res.send(joinDeclinedPage(org.name));
      return;
    }
    const sso = org.sso;
    if (!sso) throw ssoError('SSO_NOT_CONFIGURED', 'this organization has not configured single sign-on');
    // Accepting is the person's own choice, so the policy sees an SP-started sign-in: it creates
    // the member (or signs in an account made meanwhile) and refuses what the settings no longer allow.
    completeSsoSignIn(ctx, req, res, org, sso, {
      identity: pending.identity,
      method: pending.method,
      startedBy: 'sp',
      invitationToken: null,
      idpSessionEndsAt: pending.idpSessionEndsAt,
      returnTo: '/home',
    });
  });

  return r;
}
