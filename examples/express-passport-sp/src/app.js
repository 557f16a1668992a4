// Notebook: a small multi-workspace SaaS app with single sign-on, built the way many products are.
// Admins sign up, then set up SAML or OpenID Connect for their workspace through the settings API
// (the settings screen calls it); people sign in through the workspace's SSO URL or its login key.
// Who may sign in: the workspace's members and invited people, or anyone the IdP vouches for when the
// admin turned on just-in-time provisioning.
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { randomBytes } from 'node:crypto';
import * as store from './store.js';
import { appPage, errorPage, loginPage, signupPage, ssoKeyPage } from './views.js';
import { createSamlStrategy, samlUrls } from './sso/saml.js';
import { finishOidc, oidcRedirectUri, startOidc } from './sso/oidc.js';

export function createApp({ baseUrl }) {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());
  app.use(session({ name: 'notebook.sid', secret: randomBytes(32).toString('hex'), resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));
  app.use(passport.initialize());

  // After the IdP vouched for an email: a member, an invited person, or (just-in-time) a new member.
  function admit(req, { email }, done) {
    const workspace = store.workspaceById(req.params.workspaceId);
    if (!email || !email.includes('@')) return done(null, false, { code: 'no_email' });
    let member = store.membership(workspace.id, email);
    if (!member && workspace.sso.provisioning === 'jit' && !store.workspaceOfUser(email)) member = store.addMember(workspace.id, email);
    if (!member) return done(null, false, { code: 'not_a_member' });
    member.status = 'active';
    return done(null, member);
  }
  passport.use('saml', createSamlStrategy(baseUrl, (req, identity, done) => admit(req, identity, done)));

  function signIn(req, res, member, method) {
    req.session.regenerate((error) => {
      if (error) return res.status(500).send(errorPage('sso_failed'));
      req.session.user = { email: member.email, workspaceId: member.workspaceId, method };
      res.redirect(303, '/app');
    });
  }

  const current = (req) => {
    const user = req.session.user;
    const member = user && store.membership(user.workspaceId, user.email);
    return member ? { ...user, member, workspace: store.workspaceById(user.workspaceId) } : null;
  };

  // ── Accounts ──────────────────────────────────────────────────────────────
  app.get('/', (req, res) => res.redirect(current(req) ? '/app' : '/login'));
  app.get('/signup', (_req, res) => res.send(signupPage()));
  app.post('/signup', (req, res) => {
    const { workspace, error } = store.createWorkspace({ name: req.body.workspace, ownerEmail: req.body.email, ownerPassword: req.body.password });
    if (error) return res.status(409).send(signupPage(error));
    signIn(req, res, store.membership(workspace.id, req.body.email), 'password');
  });
  app.get('/login', (_req, res) => res.send(loginPage()));
  app.post('/login', (req, res) => {
    const member = store.checkPassword(req.body.email, req.body.password) && store.workspaceOfUser(req.body.email);
    if (!member) return res.status(401).send(loginPage('invalid_credentials'));
    signIn(req, res, member, 'password');
  });
  app.post('/logout', (req, res) => req.session.destroy(() => res.redirect(303, '/login')));
  app.get('/app', (req, res) => {
    const user = current(req);
    if (!user) return res.redirect('/login');
    res.send(appPage({ email: user.email, workspace: user.workspace.name, role: user.member.role, method: user.method }));
  });

  // ── Single sign-on ────────────────────────────────────────────────────────
  app.get('/login/sso', (_req, res) => res.send(ssoKeyPage()));
  app.get('/login/sso/go', (req, res) => res.redirect(`/sso/${encodeURIComponent(String(req.query.key ?? ''))}`));
  app.get('/sso/:key', async (req, res, next) => {
    const workspace = store.workspaceByLoginKey(req.params.key);
    if (!workspace) return res.status(404).send(errorPage('unknown_workspace'));
    try {
      if (workspace.sso.protocol === 'oidc') return await startOidc(req, res, baseUrl, workspace);
      req.params.workspaceId = workspace.id;
      passport.authenticate('saml', { session: false })(req, res, next);
    } catch (error) {
      next(error);
    }
  });
  app.post('/sso/saml/:workspaceId/acs', (req, res, next) => {
    passport.authenticate('saml', { session: false }, (error, member, info) => {
      if (error) return next(error);
      if (!member) return res.status(403).send(errorPage(info?.code ?? 'sso_failed'));
      signIn(req, res, member, 'saml');
    })(req, res, next);
  });
  app.get('/sso/oidc/:workspaceId/callback', async (req, res, next) => {
    const workspace = store.workspaceById(req.params.workspaceId);
    if (workspace?.sso?.protocol !== 'oidc') return res.status(404).send(errorPage('sso_not_configured'));
    try {
      const identity = await finishOidc(req, baseUrl, workspace);
      admit(req, identity, (_error, member, info) => (member ? signIn(req, res, member, 'oidc') : res.status(403).send(errorPage(info.code))));
    } catch (error) {
      next(error);
    }
  });

  // ── Settings API (the settings screen's; the signed-in admin's session) ─────
  const admin = (req, res, next) => {
    const user = current(req);
    if (!user) return res.status(401).json({ error: 'not_signed_in' });
    if (user.member.role === 'Member') return res.status(403).json({ error: 'admins_only' });
    req.user = user;
    next();
  };
  app.get('/api/me', (req, res) => {
    const user = current(req);
    if (!user) return res.status(401).json({ error: 'not_signed_in' });
    res.json({ email: user.email, workspace: user.workspace.name, role: user.member.role, method: user.method });
  });
  const ssoAnswer = (workspace) => ({
    loginKey: workspace.sso.loginKey,
    protocol: workspace.sso.protocol,
    provisioning: workspace.sso.provisioning,
    loginUrl: `${baseUrl}/sso/${encodeURIComponent(workspace.sso.loginKey)}`,
    ...(workspace.sso.protocol === 'saml' ? samlUrls(baseUrl, workspace) : { redirectUri: oidcRedirectUri(baseUrl, workspace) }),
  });
  app.put('/api/workspace/sso', admin, (req, res) => {
    const { loginKey, protocol, provisioning = 'invite-only', saml, oidc } = req.body ?? {};
    if (typeof loginKey !== 'string' || !/^[A-Za-z0-9_-]{3,64}$/.test(loginKey)) return res.status(400).json({ error: 'invalid_login_key' });
    const owner = store.workspaceByLoginKey(loginKey);
    if (owner && owner.id !== req.user.workspace.id) return res.status(409).json({ error: 'login_key_taken' });
    if (!['invite-only', 'jit'].includes(provisioning)) return res.status(400).json({ error: 'invalid_provisioning' });
    if (protocol === 'saml' && saml?.entryPoint && saml?.issuer && saml?.cert) {
      req.user.workspace.sso = { loginKey, protocol, provisioning, saml: { entryPoint: saml.entryPoint, issuer: saml.issuer, cert: saml.cert } };
    } else if (protocol === 'oidc' && oidc?.issuer && oidc?.clientId && oidc?.clientSecret) {
      req.user.workspace.sso = { loginKey, protocol, provisioning, oidc: { issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret } };
    } else {
      return res.status(400).json({ error: 'incomplete_settings' });
    }
    res.json(ssoAnswer(req.user.workspace));
  });
  app.patch('/api/workspace/sso', admin, (req, res) => {
    const sso = req.user.workspace.sso;
    if (!sso) return res.status(409).json({ error: 'sso_not_configured' });
    if (req.body?.provisioning !== undefined) {
      if (!['invite-only', 'jit'].includes(req.body.provisioning)) return res.status(400).json({ error: 'invalid_provisioning' });
      sso.provisioning = req.body.provisioning;
    }
    res.json(ssoAnswer(req.user.workspace));
  });
  app.post('/api/workspace/invitations', admin, (req, res) => {
    const email = String(req.body?.email ?? '');
    if (!email.includes('@')) return res.status(400).json({ error: 'invalid_email' });
    const invited = store.invite(req.user.workspace.id, email);
    res.status(201).json({ email: invited.email, status: invited.status });
  });
  app.get('/api/workspace/members', admin, (req, res) => {
    res.json({ members: store.membershipsOf(req.user.workspace.id).map(({ email, role, status }) => ({ email, role, status })) });
  });

  // Whatever went wrong inside SSO (a response the library refused, an IdP that did not answer) is
  // one error page; the details go to the log.
  app.use((error, req, res, _next) => {
    console.error(`[notebook] ${req.method} ${req.path}: ${error.message}`);
    res.status(error.code === 'sso_not_configured' ? 404 : 400).send(errorPage(error.code === 'sso_not_configured' ? 'sso_not_configured' : 'sso_failed'));
  });
  return app;
}
