/**
 * The SAML SSO URL, /app/{appName}/{externalKey}/sso/saml, on both bindings, and the public metadata
 * URL. The endpoint is a pipeline, one small step per line, each refusal a coded IdpError rendered
 * by the org's error handler (so nothing is ever sent to the SP after a refusal):
 *
 *   find app         find-app.ts                IDP_APP_NOT_FOUND (first: after a restart, what to
 *                                               do is import the metadata again, whatever was sent)
 *   read request     read-incoming-request.ts   query | form | held across the sign-in page
 *   parse request    parse-authn-request.ts     IDP_SAML_REQUEST_MALFORMED
 *   check ACS        check-acs.ts               IDP_SAML_REQUEST_UNKNOWN_ACS
 *   authenticate     authenticate-request.ts    no session (or ForceAuthn) → sign-in page, then back here
 *   check user       check-user.ts              IDP_USER_INACTIVE, IDP_USER_NOT_ASSIGNED
 *   build assertion  build-response.ts + subject.ts  (GROUP statements from the user's groups)
 *   edit response    ../faults/saml             saml.response faults on the unsigned Response ┐ only when
 *   sign             sign-response.ts           or sign-with-plan.ts for saml.signing faults  │ the org has
 *                                               (both encrypt the Assertion when the app says) │ faults set
 *   rewrite signed   ../faults/saml             saml.signed faults (attacks, RelayState)      ┘
 *   remember         ../faults/saml/history.ts  the last Responses per app and user (for replay cases)
 *   note for SLO     slo-sessions.ts            this session now has the app (Single Logout reaches it)
 *   send             pages.ts autoPostForm      HTTP-POST binding to the ACS; the inspector records what was sent
 *
 * The inspector (../inspector) records the AuthnRequest once it parses and the Response as sent;
 * the org's error handler records every refusal.
 *
 * SP-initiated and IdP-initiated (dashboard tile, unsolicited) Responses both come through here, so
 * both get the same faults.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Org } from '../org.ts';
import { autoPostForm } from '../pages.ts';
import { rememberSent } from '../faults/saml/history.ts';
import { SamlFaultRun } from '../faults/saml/pipeline.ts';
import { recordAuthnRequest, recordSamlResponse } from '../inspector/record.ts';
import { buildSamlResponse } from './build-response.ts';
import { chooseResponseTarget } from './check-acs.ts';
import { checkAssignment, checkUserActive } from './check-user.ts';
import { appNotFound, findSamlApp } from './find-app.ts';
import { buildIdpMetadata } from './metadata.ts';
import { authenticateRequest } from './authenticate-request.ts';
import { decodeSamlRequest, parseAuthnRequest } from './parse-authn-request.ts';
import { readIncomingRequest } from './read-incoming-request.ts';
import { signSamlResponse } from './sign-response.ts';
import { sloRouter } from './slo-endpoint.ts';
import { rememberParticipant } from './slo-sessions.ts';
import { attributesFor, nameIdFor } from './subject.ts';
import { samlIssuer } from './urls.ts';

async function sso(org: Org, req: Request, res: Response): Promise<void> {
  const app = findSamlApp(org.store, String(req.params['appName']), String(req.params['externalKey']));
  const incoming = readIncomingRequest(org, req);
  const request = incoming ? parseAuthnRequest(decodeSamlRequest(incoming, org.limits)) : undefined;
  if (incoming && request) recordAuthnRequest(org, app, incoming, request, req);
  const target = chooseResponseTarget(app, request);

  const authentication = authenticateRequest(org, req, app, incoming, request);
  if ('signInPage' in authentication) {
    res.redirect(302, authentication.signInPage);
    return;
  }
  const { user, session } = authentication.signedIn;
  checkUserActive(user);
  checkAssignment(org.store, app, user);

  const nameId = nameIdFor(app, user);
  const built = buildSamlResponse({
    issuer: samlIssuer(app),
    destination: target.destination,
    recipient: target.recipient,
    audience: app.signOn.audience,
    ...(request ? { inResponseTo: request.id } : {}),
    nameId,
    sessionIndex: session.sessionIndex,
    attributes: attributesFor(app, user, org.store.groupsOf(user)),
    now: org.clock(),
    authnInstant: session.authnInstant,
  });
  // SP-initiated: RelayState exactly as received. IdP-initiated: the app's Default RelayState.
  const relayState = incoming ? incoming.relayState : app.signOn.defaultRelayState || undefined;

  const faults = SamlFaultRun.begin(org, app, user, target.acsUrl);
  const xml = faults ? faults.editResponse(built.xml) : built.xml;
  const signed = faults ? await faults.sign(xml) : signSamlResponse(xml, app);
  const sent = faults ? await faults.rewriteSigned({ xml: signed, relayState }) : { xml: signed, relayState };
  rememberSent(org, app.id, user.id, sent);
  recordSamlResponse(org, { app, user, acsUrl: target.acsUrl, xml: sent.xml, relayState: sent.relayState, faults: faults?.applied ?? [] });
  rememberParticipant(org, authentication.sessionId, { appId: app.id, userId: user.id, nameId, sessionIndex: session.sessionIndex });

  org.log(`SAML response for ${user.profile.login} to ${target.acsUrl} (${app.label}${request ? '' : ', IdP-initiated'}${faults?.faulted ? ', with faults' : ''})`);
  res
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(autoPostForm(target.acsUrl, Buffer.from(sent.xml, 'utf8').toString('base64'), sent.relayState));
}

export function samlRouter(org: Org): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: org.limits.maxFormBytes, parameterLimit: 10 });
  const handle = (req: Request, res: Response): Promise<void> => sso(org, req, res);
  router.get('/app/:appName/:externalKey/sso/saml', handle);
  router.post('/app/:appName/:externalKey/sso/saml', form, handle);
  router.use(sloRouter(org));

  router.get('/app/:externalKey/sso/saml/metadata', (req, res) => {
    const app = org.store.findSamlAppByExternalKey(req.params.externalKey);
    if (!app) throw appNotFound();
    res.type('application/xml').send(buildIdpMetadata(app, org.info.baseUrl));
  });
  return router;
}
