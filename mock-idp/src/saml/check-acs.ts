/**
 * Step 3: where the Response may go. An AuthnRequest that names an AssertionConsumerServiceURL (or
 * index) gets it only when the app lists it: the Single sign-on URL or one of "Other requestable SSO
 * URLs" (acsEndpoints, used only while "Allow this app to request other SSO URLs",
 * allowMultipleAcsEndpoints, is on). An index names the endpoint with that `index`. Otherwise
 * IDP_SAML_REQUEST_UNKNOWN_ACS and nothing is sent, so a forged request cannot make the IdP post a
 * user's assertion to an attacker.
 *
 * Recipient and Destination are the app's settings for the Single sign-on URL, and the chosen URL
 * itself for another requestable one (as Okta does).
 */
import { IdpError } from '../errors.ts';
import type { SamlApp } from '../tenant/model.ts';
import type { AuthnRequestInfo } from './parse-authn-request.ts';

export interface ResponseTarget {
  acsUrl: string;
  destination: string;
  recipient: string;
}

const unknownAcs = (): IdpError =>
  new IdpError('IDP_SAML_REQUEST_UNKNOWN_ACS', 400, 'The app does not allow the requested assertion consumer service URL.', 'Bad request');

export function chooseResponseTarget(app: SamlApp, request: AuthnRequestInfo | undefined): ResponseTarget {
  const { signOn } = app;
  const fromSettings: ResponseTarget = { acsUrl: signOn.ssoAcsUrl, destination: signOn.destination, recipient: signOn.recipient };
  const other = (url: string): ResponseTarget => ({ acsUrl: url, destination: url, recipient: url });
  const endpoints = signOn.allowMultipleAcsEndpoints ? signOn.acsEndpoints : [];

  if (request?.assertionConsumerServiceUrl !== undefined) {
    const wanted = request.assertionConsumerServiceUrl;
    if (wanted === signOn.ssoAcsUrl) return fromSettings;
    if (endpoints.some((endpoint) => endpoint.url === wanted)) return other(wanted);
    throw unknownAcs();
  }
  if (request?.assertionConsumerServiceIndex !== undefined) {
    const endpoint = endpoints.find((candidate) => candidate.index === request.assertionConsumerServiceIndex);
    if (!endpoint) throw unknownAcs();
    return endpoint.url === signOn.ssoAcsUrl ? fromSettings : other(endpoint.url);
  }
  return fromSettings;
}
