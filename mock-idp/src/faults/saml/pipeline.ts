/**
 * The three SAML fault points as the SSO endpoint runs them, for one Response:
 *
 *   editResponse   saml.response  edits of the built, unsigned Response (one parse, one serialize)
 *   sign           saml.signing   the app's signing, or the plan the `sign` mutations made (sign-with-plan.ts)
 *   rewriteSigned  saml.signed    attacks on the signed document and its RelayState
 *   applied                       the faults taken, for the inspector's record of what was sent
 *
 * Only made when the org has faults set (`org.faults.empty` is the normal case and costs nothing).
 * Every mutation runs guarded: one that does not fit, or fails, is recorded as not applied and the
 * Response goes out without it, so a fault never becomes an error page.
 */
import type { Org } from '../../org.ts';
import { parseXml, serializeXml } from '../../saml/dom.ts';
import { signSamlResponse } from '../../saml/sign-response.ts';
import { defaultSigningPlan, signWithPlan, type SigningPlan } from '../../saml/sign-with-plan.ts';
import type { SamlApp, User } from '../../tenant/model.ts';
import type { AppliedFault } from '../../inspector/message-log.ts';
import type { DueMutation } from '../model.ts';
import type { FaultRun } from '../store.ts';
import { NotApplied, type SamlFaultContext, type SamlMutation, type SentResponse, type SignedFaultContext, type SigningMutation } from './context.ts';
import { previousSent } from './history.ts';
import { planKeys } from './keys.ts';
import { SAML_MUTATIONS } from './mutations.ts';

const BY_NAME = new Map<string, SamlMutation>(SAML_MUTATIONS.map((mutation) => [mutation.name, mutation]));

function definition<T extends SamlMutation['point']>(due: DueMutation, point: T): Extract<SamlMutation, { point: T }> | undefined {
  const found = BY_NAME.get(due.mutation.name);
  return found && found.point === point ? (found as Extract<SamlMutation, { point: T }>) : undefined;
}

const failure = (error: unknown): string => `failed: ${error instanceof Error ? error.message : String(error)}`;

export class SamlFaultRun {
  private readonly ctx: SamlFaultContext;
  private plan: SigningPlan | undefined;

  private constructor(
    private readonly run: FaultRun,
    org: Org,
    app: SamlApp,
    user: User,
    acsUrl: string,
  ) {
    this.ctx = { org, app, user, acsUrl, now: org.clock() };
  }

  /** A run for this Response, or undefined when the org has no faults at all. */
  static begin(org: Org, app: SamlApp, user: User, acsUrl: string): SamlFaultRun | undefined {
    if (org.faults.empty) return undefined;
    return new SamlFaultRun(org.faults.begin({ appId: app.id, userId: user.id }), org, app, user, acsUrl);
  }

  private outcome(due: DueMutation, result: unknown): void {
    if (result instanceof NotApplied) this.run.notApplied(due, result.reason);
  }

  editResponse(xml: string): string {
    const due = this.run.take('saml.response');
    if (due.length === 0) return xml;
    const document = parseXml(xml);
    for (const item of due) {
      try {
        this.outcome(item, definition(item, 'saml.response')!.apply(document, item.mutation.params, this.ctx));
      } catch (error) {
        this.run.notApplied(item, failure(error));
      }
    }
    return serializeXml(document);
  }

  private signingPlan(): { plan: SigningPlan; applied: DueMutation[] } | undefined {
    const due = this.run.take('saml.signing');
    if (due.length === 0) return undefined;
    let plan = defaultSigningPlan(this.ctx.app);
    const applied: DueMutation[] = [];
    for (const item of due) {
      try {
        const result = (definition(item, 'saml.signing') as SigningMutation<unknown>).apply(plan, item.mutation.params, this.ctx);
        if (result instanceof NotApplied) this.run.notApplied(item, result.reason);
        else {
          plan = result;
          applied.push(item);
        }
      } catch (error) {
        this.run.notApplied(item, failure(error));
      }
    }
    return applied.length ? { plan, applied } : undefined;
  }

  /** Signs as the app says, or as the signing mutations planned; a plan that cannot be carried out falls back to the app's way. */
  async sign(xml: string): Promise<string> {
    const planned = this.signingPlan();
    if (planned) {
      try {
        const signed = signWithPlan(xml, planned.plan, await planKeys(this.ctx.org, this.ctx.app, planned.plan));
        this.plan = planned.plan;
        return signed;
      } catch (error) {
        for (const item of planned.applied) this.run.notApplied(item, failure(error));
      }
    }
    return this.signAsTheApp(xml);
  }

  /**
   * The app's signing. xml-crypto anchors each Signature after the signed element's Issuer; an edit that
   * removed that Issuer leaves it nothing to anchor on, so the same plan is signed by sign-with-plan.ts,
   * which puts the Signature first instead (byte-identical otherwise).
   */
  private signAsTheApp(xml: string): string {
    try {
      return signSamlResponse(xml, this.ctx.app);
    } catch {
      return signWithPlan(xml, defaultSigningPlan(this.ctx.app), { ...this.ctx.app.signing, appCertificatePem: this.ctx.app.signing.certificatePem });
    }
  }

  async rewriteSigned(sent: SentResponse): Promise<SentResponse> {
    const due = this.run.take('saml.signed');
    if (due.length === 0) return sent;
    const { org, app, user } = this.ctx;
    const plan = this.plan ?? defaultSigningPlan(app);
    const ctx: SignedFaultContext = {
      ...this.ctx,
      signResponse: async (xml) => signWithPlan(xml, { ...plan, response: 'sign', assertion: 'unsigned' }, await planKeys(org, app, plan)),
      previousResponse: (back) => previousSent(org, app.id, user.id, back),
    };
    let current = sent;
    for (const item of due) {
      try {
        const result = await definition(item, 'saml.signed')!.apply(current, item.mutation.params, ctx);
        if (result instanceof NotApplied) this.run.notApplied(item, result.reason);
        else current = result;
      } catch (error) {
        this.run.notApplied(item, failure(error));
      }
    }
    return current;
  }

  /** Whether any mutation was taken for this Response (faults set for other apps or users take none). */
  get faulted(): boolean {
    return this.run.faulted;
  }

  /** The faults this Response took: the inspector records them with it (GET /mock/v1/faults/sent shows them). */
  get applied(): AppliedFault[] {
    return this.run.applied;
  }
}
