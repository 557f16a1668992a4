/**
 * The two central error handlers of an org app: Okta's error page for browser routes, Okta's JSON
 * error body for /api/v1 and /mock/v1. Whatever was thrown, the answer is a coded error with a safe
 * message: never a stack trace, never a second response after one was sent, and the server keeps
 * serving.
 *
 * What express itself throws for a bad request is mapped here once, for every route, by
 * `requestErrorOf`: the router's URIError for a path segment with bad percent-encoding (any route
 * with a `:param`), and body-parser's errors (malformed, too large, unsupported charset). So no
 * route needs its own try/catch for them, and a new route is covered the day it is added.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { IdpError, LimitReachedError, OktaApiError, oktaErrors } from './errors.ts';
import type { Org } from './org.ts';
import { recordRefusal } from './inspector/record.ts';
import { errorPage } from './pages.ts';

/** body-parser marks its errors with a string `type` and a numeric `status`. */
interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  return typeof type === 'string' && typeof status === 'number';
}

/** A 4xx status an express middleware put on its error (http-errors' `status`/`statusCode`). */
function clientStatusOf(error: unknown): number | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : undefined;
}

const badRequest = (status: number, message: string): IdpError => new IdpError('IDP_REQUEST_INVALID', status, message, 'Bad request');

/**
 * The coded refusal for anything the request itself got wrong, or undefined when the error is the
 * server's own (then the handlers log it and answer the generic internal error).
 */
export function requestErrorOf(error: unknown): IdpError | undefined {
  if (error instanceof IdpError) return error;
  // The router decodes `:param` segments with decodeURIComponent; `%E0%A4%A` or `%ZZ` throws.
  if (error instanceof URIError) return badRequest(400, 'The address has malformed percent-encoding.');
  if (isBodyParserError(error)) {
    switch (error.type) {
      case 'entity.too.large':
      case 'parameters.too.many':
        return new IdpError('IDP_REQUEST_TOO_LARGE', 413, 'The request body is larger than this address accepts.', 'Request too large');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new IdpError('IDP_UNSUPPORTED_MEDIA_TYPE', 415, 'The request body has an encoding or charset this address does not read.', 'Unsupported request');
      default:
        // stream.not.readable and stream.encoding.set are the server's own mistakes, not the client's.
        return error.status < 500 ? badRequest(400, 'The request body could not be read.') : undefined;
    }
  }
  const status = clientStatusOf(error);
  return status === undefined ? undefined : badRequest(status, 'The request could not be read.');
}

/** The same refusal in Okta's Management API shape. */
export function apiErrorOf(error: unknown): OktaApiError | undefined {
  if (error instanceof OktaApiError) return error;
  if (error instanceof LimitReachedError) return oktaErrors.limitReached(`${error.limit}: the limit of ${error.value} is reached`);
  const coded = requestErrorOf(error);
  if (!coded) return undefined;
  const cause =
    coded.code === 'IDP_REQUEST_TOO_LARGE' ? 'body: The request body is too large.'
    : coded.code === 'IDP_UNSUPPORTED_MEDIA_TYPE' ? 'body: The request body must be JSON (application/json, UTF-8).'
    : coded.code === 'IDP_CROSS_SITE_REQUEST' ? 'Origin: a browser page of another site may not change the mock IdP.'
    : coded.code === 'IDP_REQUEST_INVALID' && error instanceof URIError ? 'path: malformed percent-encoding.'
    : coded.code === 'IDP_REQUEST_INVALID' ? 'body: The request body was not well-formed JSON or is too large.'
    : `request: ${coded.message}`;
  return new OktaApiError(coded.code === 'IDP_CROSS_SITE_REQUEST' ? 'E0000006' : 'E0000001', coded.status, 'Api validation failed: ' + cause.split(':')[0], [cause]);
}

function logInternal(org: Org, method: string, path: string, error: unknown): void {
  org.log(`internal error on ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
}

export function browserErrorHandler(org: Org): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    let coded = requestErrorOf(error);
    if (!coded) {
      logInternal(org, req.method, req.path, error);
      coded = new IdpError('IDP_INTERNAL_ERROR', 500, 'The request could not be completed.', 'Something went wrong');
    } else {
      recordRefusal(org, coded, { method: req.method, path: req.path, req });
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
    let coded = apiErrorOf(error);
    if (!coded) {
      logInternal(org, req.method, req.path, error);
      coded = new OktaApiError('E0000009', 500, 'Internal Server Error');
    } else {
      // An API refusal is not a sign-in message: a log line, not an inspector entry.
      org.log(`refused ${coded.errorCode} (${coded.status}) on ${req.method} ${req.baseUrl}${req.path}: ${coded.errorCauses[0] ?? coded.errorSummary}`);
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
