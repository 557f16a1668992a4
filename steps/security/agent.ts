/**
 * How a case reaches the SP: a sign-in agent runs one sign-in of a flow as a person and reports what
 * the SP did. The features use a real browser through the SP driver (./browser-agent.ts); the
 * mutation-score test drives the reference SP over HTTP. Both report the same facts, so one judge
 * (./verdict.ts) decides.
 */
import { SpConfigurationRefusedError, type SessionProbe, type SignInOutcome, type SpOidcValues } from '../drivers/sp-driver.ts';
import type { Actor } from '../support/actors.ts';
import type { CaseFlow } from './catalogue.ts';
import type { FixturePart, OidcPart, SpSetupPort } from './fixture.ts';

export interface AttemptInput {
  flow: Exclude<CaseFlow, 'configuration'>;
  person: Actor;
  part: FixturePart;
  /**
   * Login CSRF: the IdP's answer to `person`'s sign-in is stopped before it reaches the SP in their
   * browser and delivered in this other person's browser instead (a link or an auto-posting page an
   * attacker sends); the outcome and the probe are then those of that browser.
   */
  deliverIn?: Actor;
}

export interface AttemptResult {
  /** What the SP showed at the end of the sign-in. */
  outcome: SignInOutcome;
  /** Whether the SP holds a session for the browser afterwards (a protected page, probed). */
  probe: SessionProbe;
  /** Pages the browser loaded outside the SP and the IdP: an SP must never send it there. */
  offSite: string[];
  finalUrl: string;
}

export interface ConfigurationResult {
  /** The SP refused the settings (the admin saw an error), with its code when it gives one. */
  refused: boolean;
  code: string | undefined;
  /** What the SP answered when it saved them (its redirect URI): strong-requests cases sign in afterwards. */
  values?: SpOidcValues;
}

/** `configure` as every agent does it: the part's settings saved through `setup`, a refusal reported with its code. */
export async function configureOidcPart(setup: Pick<SpSetupPort, 'configureOidc'>, part: OidcPart): Promise<ConfigurationResult> {
  try {
    const values = await setup.configureOidc(part.organization, part.idp, part.options);
    return { refused: false, code: undefined, values };
  } catch (error) {
    if (error instanceof SpConfigurationRefusedError) return { refused: true, code: error.spErrorCode };
    throw error;
  }
}

export interface SignInAgent {
  attempt(input: AttemptInput): Promise<AttemptResult>;
  /** The admin saves the OIDC settings of an unconfigured part (configuration cases). */
  configure(part: OidcPart): Promise<ConfigurationResult>;
}
