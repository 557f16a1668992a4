/**
 * `saml.signed` mutations on what is delivered rather than on the document:
 *
 *   replay-previous  sends, instead of the new Response, one this org sent earlier to the same app and
 *                    user (`back`: 1 = the last one), still carrying its own InResponseTo and IDs
 *   relay-state      sends another RelayState beside the Response (`{original}` is the one that would
 *                    have gone; null sends none): open redirects, oversize values
 */
import { join } from '../../tenant/fields.ts';
import { evaluateValue } from '../values.ts';
import { notApplied, type SignedMutation } from './context.ts';
import { RESPONSES_PER_PAIR } from './history.ts';
import { onlyParams, readInteger, readTemplate } from './params.ts';

export const replayPreviousMutation: SignedMutation<{ back: number }> = {
  name: 'replay-previous',
  point: 'saml.signed',
  summary: 'Resends a Response this org sent earlier to the same app and user (back: 1 = the last one) instead of the new one.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['back']);
    return { back: readInteger(raw, 'back', path, issues, { min: 1, max: RESPONSES_PER_PAIR }) ?? 1 };
  },
  apply(sent, { back }, ctx) {
    const previous = ctx.previousResponse(back);
    if (!previous) return notApplied(`this org has not sent ${back} earlier Response(s) to this app and user`);
    return { xml: previous.xml, relayState: sent.relayState };
  },
};

export const relayStateMutation: SignedMutation<{ value: string | null }> = {
  name: 'relay-state',
  point: 'saml.signed',
  summary: 'Sends another RelayState: a template over the original ({original}), or null for none.',
  readParams(raw, path, issues) {
    onlyParams(raw, path, issues, ['value']);
    if (raw['value'] === null) return { value: null };
    if (raw['value'] === undefined) issues.add(join(path, 'value'), 'is required (a template, or null to send no RelayState)');
    return { value: readTemplate(raw, 'value', path, issues, false) ?? '' };
  },
  apply(sent, { value }, ctx) {
    if (value === null) return { ...sent, relayState: undefined };
    return { ...sent, relayState: String(evaluateValue(value, sent.relayState, ctx.now, 'iso')) };
  },
};
