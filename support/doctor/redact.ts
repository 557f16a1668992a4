/**
 * --redact: the report without personal data, so a support ticket can carry it. Personal values
 * (NameID, attribute values, an id_token's personal claims, and every email address anywhere) are
 * replaced by stable pseudonyms — the same value always by the same one, so "X is not Y" stays
 * readable. An email keeps its domain: SPs route and claim by domain, and it names the customer,
 * not the person.
 */
import type { DoctorReport } from './doctor.ts';

const PERSONAL_CLAIMS = ['sub', 'email', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'phone_number', 'picture', 'profile', 'website', 'birthdate', 'address', 'login_hint'];
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
/** Values this short are left alone: replacing them would garble the rest of the report. */
const MIN_LENGTH = 3;

export class Redactor {
  private readonly pseudonyms = new Map<string, string>();
  private emails = 0;
  private others = 0;

  private add(value: unknown, kind: string): void {
    if (typeof value !== 'string' || value.length < MIN_LENGTH || this.pseudonyms.has(value)) return;
    if (/^[^\s@]+@[^\s@]+$/.test(value)) {
      this.emails += 1;
      this.pseudonyms.set(value, `person${this.emails}@${value.split('@')[1]}`);
    } else {
      this.others += 1;
      this.pseudonyms.set(value, `[${kind} ${this.others}]`);
    }
  }

  /** Learns the personal values of every message in the report. */
  collect(report: DoctorReport): this {
    for (const message of report.messages) {
      const data = message.data as Record<string, unknown> | null;
      if (!data) continue;
      for (const assertion of (data['assertions'] as { nameId?: { value?: string }; attributes?: { values: string[] }[] }[] | undefined) ?? []) {
        this.add(assertion.nameId?.value, 'NameID');
        for (const attribute of assertion.attributes ?? []) for (const value of attribute.values) this.add(value, 'attribute');
      }
      const payload = data['payload'] as Record<string, unknown> | undefined;
      for (const claim of PERSONAL_CLAIMS) this.add(payload?.[claim], claim);
      const params = data['params'] as Record<string, string> | undefined;
      this.add(params?.['login_hint'], 'login_hint');
    }
    return this;
  }

  apply(text: string): string {
    let out = text;
    const known = [...this.pseudonyms].sort(([a], [b]) => b.length - a.length);
    for (const [value, pseudonym] of known) {
      out = out.split(value).join(pseudonym);
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value) out = out.split(escaped).join(pseudonym);
    }
    // Emails the messages carry elsewhere (RelayState, a URL, a status message).
    return out.replace(EMAIL, (match, domain: string) => {
      // Pseudonyms already given, and Okta's own address in its signing certificates, stay.
      if (/^person\d+@/.test(match) || domain.toLowerCase() === 'okta.com') return match;
      this.add(match, 'email');
      return this.pseudonyms.get(match) ?? `person@${domain}`;
    });
  }
}
