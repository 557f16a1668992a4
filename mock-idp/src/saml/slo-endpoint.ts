/**
 * SAML Single Logout at Okta's SLO URL, /app/{appName}/{externalKey}/slo/saml, on both bindings, and
 * the IdP-initiated logout that signing out of Okta starts. Each step is a small function; every
 * refusal is a coded error page (the org app's error handler), never a message sent to an SP:
 *
 *   find app          find-app.ts            IDP_APP_NOT_FOUND
 *   read message      logout-bindings.ts     IDP_SAML_LOGOUT_MALFORMED (also: no message at all)
 *   check enabled                            IDP_SAML_LOGOUT_NOT_ENABLED ("Enable Single Logout" is off)
 *   verify signature  logout-bindings.ts     IDP_SAML_LOGOUT_SIGNATURE_INVALID (the app's spCertificate)
 *   read fields       logout-messages.ts     IDP_SAML_LOGOUT_MALFORMED (only from what the signature covered)
 *   LogoutRequest     check Issuer (slo.issuer), Destination, NotOnOrAfter → end the Okta session if
 *                     the request names its person (NameID and SessionIndex as the app received them;
 *                     otherwise the session stays and the SP gets status Requester) → visit the other
 *                     apps that participate in SLO → LogoutResponse to slo.logoutUrl, on the binding
 *                     the request came on, signed
 *   LogoutResponse    the logout in progress its RelayState names, waiting for this app and this
 *                     InResponseTo (IDP_SAML_LOGOUT_UNEXPECTED otherwise) → the next participant, or
 *                     the end (the SP that started it gets its LogoutResponse; a sign-out of Okta
 *                     ends on the sign-in page)
 *
 * Participants ("Participate in Single Logout", participateSlo) get a signed LogoutRequest at their
 * logoutRequestUrl on their bindingType, one after another through the browser (front channel), with
 * the SessionIndex when sessionIndexRequired.
 */
import express, { type Request, type Response, type Router } from 'express';
import { IdpError } from '../errors.ts';
import type { Org } from '../org.ts';
import { sessionIdOf } from '../signin/authenticate.ts';
import { sessionCookieName } from '../signin/session-store.ts';
import type { SamlApp } from '../tenant/model.ts';
import { findSamlApp } from './find-app.ts';
import { deliverLogout, readIncomingLogout, verifySpSignature, type IncomingLogout } from './logout-bindings.ts';
import { STATUS, buildLogoutRequest, buildLogoutResponse, malformedLogout, readLogoutMessage, type IncomingLogoutRequest } from './logout-messages.ts';
import { nameIdFor } from './subject.ts';
import { participantsOf, startLogout, takeLogout, takeParticipants, type LogoutFinish, type LogoutInProgress, type SloParticipant } from './slo-sessions.ts';
import { samlIssuer, sloPath } from './urls.ts';

/** Where a sign-out ends when no SP is waiting for a LogoutResponse (the sign-in page, as /login/signout). */
const SIGNED_OUT_PATH = '/login/login.htm';

const notEnabled = (): IdpError =>
  new IdpError('IDP_SAML_LOGOUT_NOT_ENABLED', 400, 'Single Logout is not enabled for this app ("Enable Single Logout" in its SAML settings).', 'Logout refused');
const unexpected = (): IdpError =>
  new IdpError('IDP_SAML_LOGOUT_UNEXPECTED', 400, 'This LogoutResponse answers no logout in progress (it expired, was already answered, or is for another app).', 'Logout refused');

/** The app a participant names, if it still takes part in Single Logout. */
function participatingApp(org: Org, participant: SloParticipant): SamlApp | undefined {
  const app = org.store.getApp(participant.appId);
  return app?.signOnMode === 'SAML_2_0' && app.status === 'ACTIVE' && app.signOn.participateSlo.enabled ? app : undefined;
}

function endOktaSession(org: Org, req: Request, res: Response): void {
  org.sessions.end(sessionIdOf(org, req));
  res.clearCookie(sessionCookieName(org.info.id), { path: '/' });
}

/** Visits the next participant, or finishes. */
function continueLogout(org: Org, res: Response, logout: LogoutInProgress): void {
  for (let participant = logout.pending.shift(); participant; participant = logout.pending.shift()) {
    const app = participatingApp(org, participant);
    if (!app) continue;
    const { participateSlo } = app.signOn;
    const request = buildLogoutRequest({
      issuer: samlIssuer(app),
      destination: participateSlo.logoutRequestUrl,
      nameId: participant.nameId,
      ...(participateSlo.sessionIndexRequired ? { sessionIndex: participant.sessionIndex } : {}),
      now: org.clock(),
    });
    const key = startLogout(org, { ...logout, awaiting: { appId: app.id, requestId: request.id } });
    org.log(`SAML logout: LogoutRequest to ${app.label} (${participateSlo.logoutRequestUrl})`);
    const binding = participateSlo.bindingType === 'POST' ? 'HTTP-POST' : 'HTTP-Redirect';
    deliverLogout(res, app, { url: participateSlo.logoutRequestUrl, binding, field: 'SAMLRequest', xml: request.xml, relayState: key });
    return;
  }
  finishLogout(org, res, logout.finish);
}

function finishLogout(org: Org, res: Response, finish: LogoutFinish): void {
  const app = finish.kind === 'logout-response' ? org.store.getApp(finish.appId) : undefined;
  if (finish.kind === 'sign-in-page' || app?.signOnMode !== 'SAML_2_0') {
    res.redirect(303, SIGNED_OUT_PATH);
    return;
  }
  const { logoutUrl } = app.signOn.slo;
  const xml = buildLogoutResponse({ issuer: samlIssuer(app), destination: logoutUrl, inResponseTo: finish.inResponseTo, status: finish.status, now: org.clock() });
  org.log(`SAML logout: LogoutResponse (${finish.status.split(':').pop()}) to ${app.label} (${logoutUrl})`);
  deliverLogout(res, app, { url: logoutUrl, binding: finish.binding, field: 'SAMLResponse', xml, relayState: finish.relayState });
}

/** The request's own rules: the SP's issuer, this SLO URL, not expired. */
function checkLogoutRequest(org: Org, app: SamlApp, message: IncomingLogoutRequest): void {
  if (message.issuer !== app.signOn.slo.issuer) throw malformedLogout("the Issuer is not the app's SP issuer (slo.issuer)");
  if (message.destination !== undefined && message.destination !== org.info.baseUrl + sloPath(app)) throw malformedLogout("the Destination is not this app's SLO URL");
  if (message.notOnOrAfter && message.notOnOrAfter.getTime() <= org.clock().getTime()) throw malformedLogout('the request has expired (NotOnOrAfter)');
}

/** Whether the request names the person of this browser's session, as this app knows them. */
function namesThisSession(org: Org, req: Request, app: SamlApp, message: IncomingLogoutRequest): boolean {
  const sessionId = sessionIdOf(org, req);
  const session = org.sessions.get(sessionId);
  const user = session && org.store.getUser(session.userId);
  if (!session || !user) return false;
  const known = participantsOf(org, sessionId).find((participant) => participant.appId === app.id);
  const nameId = known?.nameId.value ?? nameIdFor(app, user).value;
  return message.nameId === nameId && (message.sessionIndexes.length === 0 || message.sessionIndexes.includes(session.sessionIndex));
}

function spInitiatedLogout(org: Org, req: Request, res: Response, app: SamlApp, incoming: IncomingLogout): void {
  const message = readLogoutMessage(verifySpSignature(incoming, app), 'LogoutRequest') as IncomingLogoutRequest;
  checkLogoutRequest(org, app, message);
  const finish = (status: string): LogoutFinish => ({ kind: 'logout-response', appId: app.id, inResponseTo: message.id, relayState: incoming.relayState, binding: incoming.binding, status });
  const sessionId = sessionIdOf(org, req);
  const session = org.sessions.get(sessionId);
  if (!session) {
    // Already signed out of Okta: nothing to end, and the SP may finish its own logout.
    finishLogout(org, res, finish(STATUS.success));
    return;
  }
  if (!namesThisSession(org, req, app, message)) {
    org.log(`SAML logout from ${app.label} refused: it names someone other than this session's person`);
    finishLogout(org, res, finish(STATUS.requester));
    return;
  }
  const pending = takeParticipants(org, sessionId).filter((participant) => participant.appId !== app.id);
  endOktaSession(org, req, res);
  org.log(`SAML logout started by ${app.label}: Okta session ended, ${pending.length} other app(s) to tell`);
  continueLogout(org, res, { userId: session.userId, pending, awaiting: undefined, finish: finish(STATUS.success) });
}

function participantAnswered(org: Org, res: Response, app: SamlApp, incoming: IncomingLogout): void {
  const message = readLogoutMessage(verifySpSignature(incoming, app), 'LogoutResponse');
  const logout = takeLogout(org, incoming.relayState);
  if (!logout?.awaiting || logout.awaiting.appId !== app.id || message.kind !== 'LogoutResponse' || message.inResponseTo !== logout.awaiting.requestId) throw unexpected();
  org.log(`SAML logout: ${app.label} answered ${message.status.split(':').pop()}`);
  continueLogout(org, res, { ...logout, awaiting: undefined });
}

function slo(org: Org, req: Request, res: Response): void {
  const app = findSamlApp(org.store, String(req.params['appName']), String(req.params['externalKey']));
  const incoming = readIncomingLogout(req, org.limits);
  if (!incoming) throw malformedLogout('there is no SAMLRequest or SAMLResponse');
  if (incoming.field === 'SAMLRequest') {
    if (!app.signOn.slo.enabled) throw notEnabled();
    spInitiatedLogout(org, req, res, app, incoming);
  } else {
    if (!app.signOn.participateSlo.enabled && !app.signOn.slo.enabled) throw notEnabled();
    participantAnswered(org, res, app, incoming);
  }
}

/**
 * Signing out of Okta (/login/signout) with apps that participate in Single Logout: the Okta session
 * ends and each of them gets a LogoutRequest in turn; the last step is the sign-in page. Returns false
 * (and does nothing) when no app of the session participates, so the plain sign-out goes on.
 */
export function startIdpInitiatedLogout(org: Org, req: Request, res: Response): boolean {
  const sessionId = sessionIdOf(org, req);
  const session = org.sessions.get(sessionId);
  if (!session) return false;
  const pending = participantsOf(org, sessionId).filter((participant) => participatingApp(org, participant));
  if (pending.length === 0) return false;
  takeParticipants(org, sessionId);
  endOktaSession(org, req, res);
  org.log(`signed out of Okta: ${pending.length} app(s) to tell through Single Logout`);
  continueLogout(org, res, { userId: session.userId, pending, awaiting: undefined, finish: { kind: 'sign-in-page' } });
  return true;
}

export function sloRouter(org: Org): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: org.limits.maxFormBytes, parameterLimit: 10 });
  const handle = (req: Request, res: Response): void => slo(org, req, res);
  router.get('/app/:appName/:externalKey/slo/saml', handle);
  router.post('/app/:appName/:externalKey/slo/saml', form, handle);
  return router;
}
