/**
 * The two central error handlers of an org app: Okta's error page for browser routes, Okta's JSON
 * error body for /api/v1. Whatever was thrown, the answer is a coded error with a safe message: never
 * a stack trace, never a second response after one was sent, and the server keeps serving.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { IdpError, OktaApiError, oktaErrors } from './errors.ts';
import type { Org } from './org.ts';
import { errorPage } from './pages.ts';

/** express's body parsers mark their errors with `type` and `status`. */
function bodyParserStatus(error: unknown): number | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  return typeof type === 'string' && typeof status === 'number' ? status : undefined;
}

export function browserErrorHandler(org: Org): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    let coded: IdpError;
    if (error instanceof IdpError) {
      coded = error;
    } else if (bodyParserStatus(error) !== undefined) {
      coded = new IdpError('IDP_REQUEST_INVALID', bodyParserStatus(error)!, 'The request could not be read.', 'Bad request');
    } else {
      org.log(`internal error on ${req.method} ${req.path}: ${error instanceof Error ? error.message : String(error)}`);
      coded = new IdpError('IDP_INTERNAL_ERROR', 500, 'The request could not be completed.', 'Something went wrong');
    }
    res.status(coded.status).type('html').set('Cache-Control', 'no-store').send(errorPage(org.info.name, coded));
  };
}

export function apiErrorHandler(org: Org): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    let coded: OktaApiError;
    if (error instanceof OktaApiError) {
      coded = error;
    } else if (bodyParserStatus(error) !== undefined) {
      coded = oktaErrors.validation(['body: The request body was not well-formed JSON or is too large.']);
    } else {
      org.log(`internal error on ${req.method} ${req.path}: ${error instanceof Error ? error.message : String(error)}`);
      coded = new OktaApiError('E0000009', 500, 'Internal Server Error');
    }
    res.status(coded.status).json(coded.toJSON());
  };
}

export function browserNotFound(): RequestHandler {
  return (_req, _res, next) => next(new IdpError('IDP_NOT_FOUND', 404, 'There is nothing at this address.', 'Page not found'));
}

export function apiNotFound(): RequestHandler {
  return (req, _res, next) => next(oktaErrors.notFound(req.path));
}
