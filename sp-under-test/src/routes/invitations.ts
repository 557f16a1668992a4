// The invitation link an admin shares (`/invitations/{token}`, on the members page and in the
// invitation API's answer):
//
//   GET  /invitations/:token            the invitation: "Sign in with SSO", and "Set a password"
//                                       when the organization does not enforce SSO
//   GET  /invitations/:token/sso        SSO for the organization, bound to this invitation: the
//                                       asserted email must be the invited one (SSO_EMAIL_MISMATCH)
//   POST /invitations/:token/password   accepts with a password (CSRF-checked) → signed in
//
// An unknown or already accepted link is INVITATION_INVALID (404).
import express, { type Router } from 'express';
import { SpError } from '../errors.ts';
import { acceptInvitationWithPassword, pendingInvitation } from '../services.ts';
import { invitationPage } from '../views.ts';
import { bodyField, ensureSession, requireCsrf, signIn, type AppContext } from '../web.ts';
import { startSsoSignIn } from './start-sso.ts';

export function invitationRoutes(ctx: AppContext): Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  r.get('/invitations/:token', (req, res) => {
    const { account, org } = pendingInvitation(ctx, String(req.params.token));
    const session = ensureSession(ctx, req, res);
    res.send(invitationPage(session.csrfToken, String(req.params.token), account, org));
  });

  r.get('/invitations/:token/sso', async (req, res) => {
    const token = String(req.params.token);
    const { org } = pendingInvitation(ctx, token);
    await startSsoSignIn(ctx, req, res, org, { invitationToken: token });
  });

  r.post('/invitations/:token/password', form, async (req, res) => {
    const token = String(req.params.token);
    const session = requireCsrf(ctx, req, bodyField(req, '_csrf'));
    try {
      const account = await acceptInvitationWithPassword(ctx, token, bodyField(req, 'password'));
      signIn(ctx, req, res, account, 'password');
      res.redirect(303, '/home');
    } catch (err) {
      if (!(err instanceof SpError) || err.code === 'INVITATION_INVALID') throw err;
      const { account, org } = pendingInvitation(ctx, token);
      res.status(err.status).send(invitationPage(session.csrfToken, token, account, org, { code: err.code, message: err.message }));
    }
  });

  return r;
}
