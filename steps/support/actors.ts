/**
 * The people in a scenario. Features name them ("Alice"); every scenario gets its own email
 * addresses and portal keys, because all scenarios share one SP and one mock IdP host and the SP
 * keeps emails and portal keys unique. Names in Gherkin stay readable; values stay unique.
 */
import { randomBytes } from 'node:crypto';

export interface Actor {
  name: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

export class ScenarioNames {
  /** A short random tag that makes this scenario's values unique across the run. */
  readonly tag = randomBytes(4).toString('hex');
  readonly domain = `corp-${this.tag}.test`;
  private readonly actors = new Map<string, Actor>();
  private readonly portalKeys = new Map<string, string>();

  actor(name: string): Actor {
    let actor = this.actors.get(name);
    if (!actor) {
      const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
      actor = {
        name,
        email: `${local}@${this.domain}`,
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
