/**
 * The people in a scenario. Features name them ("Alice"); every scenario gets its own email
 * addresses and portal keys, because all scenarios share one SP and one mock IdP host and the SP
 * keeps emails and portal keys unique. Names in Gherkin stay readable; values stay unique.
 */
import { randomBytes } from 'node:crypto';

export interface Actor {
  name: string;
  /** The email the person has at the IdP and in the SP; an Okta admin may change it during a scenario. */
  email: string;
  /** The Okta username they sign in to Okta with: their first email unless a scenario says otherwise. */
  login: string;
  password: string;
  firstName: string;
  lastName: string;
}

export class ScenarioNames {
  /** A short random tag that makes this scenario's values unique across the run. */
  readonly tag = randomBytes(4).toString('hex');
  /** "The company domain": every actor's email is in it unless a scenario says otherwise. */
  readonly domain = `corp-${this.tag}.test`;
  /** A domain no organization claims, for people from elsewhere. */
  readonly otherDomain = `elsewhere-${this.tag}.test`;
  private readonly actors = new Map<string, Actor>();
  private readonly portalKeys = new Map<string, string>();

  actor(name: string): Actor {
    let actor = this.actors.get(name);
    if (!actor) {
      const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
      const email = `${local}@${this.domain}`;
      actor = {
        name,
        email,
        login: email,
        password: `Pw-${randomBytes(9).toString('base64url')}`,
        firstName: name,
        lastName: 'Tester',
      };
      this.actors.set(name, actor);
    }
    return actor;
  }

  /** The unique portal key that stands for the one written in the feature. */
  portalKey(written: string): string {
    let key = this.portalKeys.get(written);
    if (!key) {
      key = `${written}-${this.tag}`;
      this.portalKeys.set(written, key);
    }
    return key;
  }
}
