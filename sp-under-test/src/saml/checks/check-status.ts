// Rule: the top-level StatusCode is Success. A non-Success status never signs anyone in, even when
// the Response also carries a validly signed assertion (node-saml 5.1 only looks at the status when
// there is no assertion). Code: SSO_STATUS_NOT_SUCCESS.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr, childElements, NS, STATUS_SUCCESS } from '../xml.ts';

export function checkStatusSuccess(response: Element): void {
  const status = childElements(response, NS.samlp, 'Status');
  const code = status.length === 1 ? childElements(status[0]!, NS.samlp, 'StatusCode') : [];
  const value = code.length === 1 ? attr(code[0]!, 'Value') : null;
  if (value !== STATUS_SUCCESS) {
    throw ssoError('SSO_STATUS_NOT_SUCCESS', `status is not Success: ${value ?? '(missing)'}`);
  }
}
