// Rule (SAML bindings §3.5.5.2): a signed Response's Destination must be present and equal the ACS
// URL this org's response was posted to. node-saml 5.1 does not check it.
// Code: SSO_DESTINATION_MISMATCH.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr } from '../xml.ts';
import { sameEndpoint } from './urls.ts';

export function checkDestination(response: Element, acsUrl: string): void {
  const destination = attr(response, 'Destination');
  if (!destination) throw ssoError('SSO_DESTINATION_MISMATCH', `Destination missing. Expected: ${acsUrl}`);
  if (!sameEndpoint(destination, acsUrl)) {
    throw ssoError('SSO_DESTINATION_MISMATCH', `Destination mismatch. Expected: ${acsUrl} Received: ${destination}`);
  }
}
