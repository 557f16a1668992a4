/**
 * The types a SAML mutation is written against. Each point gives `apply` its own target:
 *
 *   saml.response  apply(document, params, ctx)  edits the built, unsigned Response in place
 *   saml.signing   apply(plan, params, ctx)      returns the changed signing plan
 *   saml.signed    apply(sent, params, ctx)      returns the rewritten { xml, relayState }
 *
 * A mutation that does not fit the document it meets (its target is missing, no signature to wrap)
 * returns `notApplied(reason)`: the pipeline sends the message without it and records why, so a fault
 * never turns into an error page or a 500.
 */
import type { Document } from '@xmldom/xmldom';
import type { Org } from '../../org.ts';
import type { SigningPlan } from '../../saml/sign-with-plan.ts';
import type { SamlApp, User } from '../../tenant/model.ts';
import type { MutationDefinition } from '../model.ts';

export interface SamlFaultContext {
  org: Org;
  app: SamlApp;
  user: User;
  /** When the Response was built: `{now…}` templates count from here. */
  now: Date;
  /** Where the Response goes. */
  acsUrl: string;
}

export interface SignedFaultContext extends SamlFaultContext {
  /** Signs an unsigned Response with this run's signing plan, Response signature only (an IdP signing its error response). */
  signResponse(xml: string): Promise<string>;
  /** The Response this org sent to the same app and user `back` sends ago (1 = the last one), if it is still kept. */
  previousResponse(back: number): { xml: string; relayState: string | undefined } | undefined;
}

/** What the `saml.signed` point rewrites: the document and the RelayState sent beside it. */
export interface SentResponse {
  xml: string;
  relayState: string | undefined;
}

export class NotApplied {
  constructor(readonly reason: string) {}
}

export const notApplied = (reason: string): NotApplied => new NotApplied(reason);

export interface ResponseMutation<Params> extends MutationDefinition<'saml.response', Params> {
  apply(document: Document, params: Params, ctx: SamlFaultContext): NotApplied | void;
}

export interface SigningMutation<Params> extends MutationDefinition<'saml.signing', Params> {
  apply(plan: SigningPlan, params: Params, ctx: SamlFaultContext): SigningPlan | NotApplied;
}

export interface SignedMutation<Params> extends MutationDefinition<'saml.signed', Params> {
  apply(sent: SentResponse, params: Params, ctx: SignedFaultContext): SentResponse | NotApplied | Promise<SentResponse | NotApplied>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list holds every Params; each definition checks its own
export type SamlMutation = ResponseMutation<any> | SigningMutation<any> | SignedMutation<any>;
