// Sign-up, password sign-in, sign-out, home.
import express, { type Router } from 'express';
import { SpError } from '../errors.ts';
import { verifyPassword } from '../passwords.ts';
import { checkPasswordSignInAllowed } from '../policy/account-policy.ts';
import { signupOrganization } from '../services.ts';
import { homePage, signinPage, signupPage } from '../views.ts';
import { bodyField, ensureSession, layoutUser, requireCsrf, signedIn, signIn, signOut, type AppContext } from '../web.ts';

export function accountRoutes(ctx: AppContext): Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: ctx.limits.formBodyBytes });

  r.get('/', (req, res) => {
    res.redirect(303, signedIn(ctx, req) ? '/home' : '/signin');
  });

  r.get('/signup', (req, res) => {
    const session = ensureSession(ctx, req, res);
    res.send(signupPage(session.csrfToken, {}));
  });

  r.post('/signup', form, async (req, res) => {
    const session = requireCsrf(ctx, req, bodyField(req, '_csrf'));
    const values = { organization: bodyField(req, 'organization'), email: bodyField(req, 'email') };
    try {
      const owner = await signupOrganization(ctx, { ...values, password: bodyField(req, 'password') });
      signIn(ctx, req, res, owner, 'password');
      res.redirect(303, '/home');
    } catch (err) {
      if (!(err instanceof SpError)) throw err;
      res.status(err.status).send(signupPage(session.csrfToken, values, { code: err.code, message: err.message }));
    }
  });

  r.get('/signin', (req, res) => {
    const session = ensureSession(ctx, req, res);
    res.send(signinPage(session.csrfToken, ''));
  });

  r.post('/signin', form, async (req, res) => {
    const session = requireCsrf(ctx, req, bodyField(req, '_csrf'));
    const email = bodyField(req, 'email').trim().toLowerCase();
    const refuse = (err: SpError): void => {
      ctx.log(`password sign-in refused ${err.code} ${email}`);
      res.status(err.status).send(signinPage(session.csrfToken, email, { code: err.code, message: err.message }));
    };
    const account = ctx.store.findAccountByEmail(email);
    const org = account ? ctx.store.orgs.get(account.orgId) : undefined;
    try {
      // Enforcement first: a member of an SSO-enforced org is sent to SSO whatever the password.
      if (account && org) checkPasswordSignInAllowed(account, org);
      if (!account || !org || !account.passwordHash || !(await verifyPassword(bodyField(req, 'password'), account.passwordHash))) {
        throw new SpError('SIGNIN_INVALID', 401, 'email or password is wrong');
      }
    } catch (err) {
      if (!(err instanceof SpError)) throw err;
      refuse(err);
      return;
    }
    if (account.status === 'invited') {
      // An invitation that came with a password (API) is accepted by the first sign-in with it.
      account.status = 'active';
      account.invitationToken = null;
    }
    signIn(ctx, req, res, account, 'password');
    res.redirect(303, '/home');
  });

  const signout = (req: express.Request, res: express.Response): void => {
    signOut(ctx, req, res);
    res.redirect(303, '/signin');
  };
  r.get('/signout', signout);
  r.post('/signout', form, (req, res) => {
    requireCsrf(ctx, req, bodyField(req, '_csrf'));
    signout(req, res);
  });

  r.get('/home', (req, res) => {
    const s = signedIn(ctx, req);
    if (!s) {
      res.redirect(303, '/signin');
      return;
    }
    res.send(homePage(layoutUser(s), s.account, s.org, s.session.authMethod ?? 'password'));
  });

  return r;
}
