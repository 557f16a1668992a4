// The express app, built without listening. One central error handler turns every SpError into
// the right page (SSO refusal page, form page) or JSON body; anything unexpected is logged and
// answered with a generic 500 page, never a stack trace.
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { isSsoErrorCode, SpError } from './errors.ts';
import { CSS, SETTINGS_JS } from './html.ts';
import { resolveLimits, type SpLimits } from './limits.ts';
import { OidcProviders } from './oidc/provider.ts';
import { NONE_WEAKENED, type Weakening } from './weakenings.ts';
import { accountRoutes } from './routes/account.ts';
import { apiRoutes } from './routes/api.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { joinRoutes } from './routes/join.ts';
import { operatorRoutes } from './routes/operator.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { settingsRoutes } from './routes/settings.ts';
import { ssoRoutes } from './routes/sso.ts';
import { randomToken, Store } from './store.ts';
import { errorPage, refusalPage } from './views.ts';
import type { AppContext } from './web.ts';

export interface SpAppOptions {
  /** The SP's public origin; a function because the port is known only after listening. */
  baseUrl: () => string;
  clock?: () => Date;
  log?: (line: string) => void;
  /** Overrides of the defaults in src/limits.ts (sessions, pending sign-ins, caches, body sizes, the OP). */
  limits?: Partial<SpLimits>;
  /** State to start from (default: empty). Its own limits apply to what it holds. */
  store?: Store;
  /** Bearer token of the operator API (vendor staff); a random one when not given. */
  operatorToken?: string;
  /**
   * TEST ONLY — never set it for a real SP: one check switched off, to build a weakened variant for
   * the security catalogue's mutation-score test (src/weakenings.ts). The CLI does not offer it.
   */
  weakenedForMutationTesting?: Weakening;
}

export interface SpApp {
  app: Express;
  store: Store;
  operatorToken: string;
}

/** Body-parser and router errors carry `status`/`type`; map them to stable codes. */
function asSpError(err: unknown): SpError | null {
  if (err instanceof SpError) return err;
  if (err && typeof err === 'object') {
    const e = err as { status?: unknown; type?: unknown; limit?: unknown };
    if (e.type === 'entity.parse.failed') return new SpError('BAD_REQUEST', 400, 'the body is not valid JSON');
    if (e.type === 'entity.too.large') return new SpError('PAYLOAD_TOO_LARGE', 413, `the request body is larger than this page accepts (${String(e.limit)} bytes)`);
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new SpError('BAD_REQUEST', e.status, 'the request could not be read');
  }
  return null;
}

export function createSpApp(options: SpAppOptions): SpApp {
  const clock = options.clock ?? (() => new Date());
  const limits = resolveLimits(options.limits);
  const store = options.store ?? new Store(clock, limits);
  const ctx: AppContext = {
    store,
    clock,
    log: options.log ?? (() => {}),
    baseUrl: options.baseUrl,
    nodeSamlChecksTime: options.clock === undefined,
    limits,
    oidc: new OidcProviders({
      timeoutMs: limits.providerTimeoutMs,
      maxResponseBytes: limits.providerResponseBytes,
      discoveryTtlMs: limits.discoveryTtlMs,
      now: () => clock().getTime(),
      refetchKeysOnUnknownKid: options.weakenedForMutationTesting !== 'oidc-key-refetch',
    }),
    weakened: options.weakenedForMutationTesting ? new Set([options.weakenedForMutationTesting]) : NONE_WEAKENED,
    operatorToken: options.operatorToken || `spo_${randomToken(24)}`,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    next();
  });
  app.use((req, _res, next) => {
    // HTTP/1.1 requires Host (RFC 9112 §3.2); refused here with a code rather than by Node without one.
    next(req.httpVersionMajor === 1 && req.httpVersionMinor === 1 && !req.headers.host ? new SpError('BAD_REQUEST', 400, 'the request has no Host header') : undefined);
  });
  app.use(cookieParser());
  app.get('/assets/app.css', (_req, res) => {
    res.type('text/css').send(CSS);
  });
  app.get('/assets/settings.js', (_req, res) => {
    res.type('text/javascript').send(SETTINGS_JS);
  });
  app.use(accountRoutes(ctx));
  app.use(ssoRoutes(ctx));
  app.use(oidcRoutes(ctx));
  app.use(settingsRoutes(ctx));
  app.use(invitationRoutes(ctx));
  app.use(joinRoutes(ctx));
  app.use(operatorRoutes(ctx));
  app.use(apiRoutes(ctx));
  app.use((_req, _res, next) => next(new SpError('NOT_FOUND', 404, 'page not found')));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const known = asSpError(err);
    const error = known ?? new SpError('INTERNAL_ERROR', 500, 'something went wrong; please try again');
    if (!known) ctx.log(`error ${req.method} ${req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    else if (isSsoErrorCode(error.code)) ctx.log(`sso refused ${error.code} ${req.method} ${req.path}: ${error.message}`);
    if (res.headersSent) return;
    res.status(error.status);
    // A capacity limit: the client may try again once entries have expired.
    if (error.status === 503) res.set('Retry-After', '60');
    if (req.path.startsWith('/api/')) {
      res.json({ error: { code: error.code, message: error.message } });
    } else if (isSsoErrorCode(error.code)) {
      res.send(refusalPage(error.code, error.message));
    } else {
      res.send(errorPage(error.code, error.message));
    }
  };
  app.use(onError);
  return { app, store, operatorToken: ctx.operatorToken };
}
