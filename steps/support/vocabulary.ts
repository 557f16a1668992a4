/**
 * The vendor guides' words for SAML settings and the protocol values they stand for. Only this file
 * and the parameter types know protocol constants; features and steps speak the guides' language.
 */

/** Okta's Name ID format choices, by the words of its admin console, and their URNs (as Okta spells them). */
export const NAME_ID_FORMATS = {
  Unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  EmailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  x509SubjectName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName',
  Persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  Transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
} as const;
export type NameIdFormatUrn = (typeof NAME_ID_FORMATS)[keyof typeof NAME_ID_FORMATS];

/** Okta's "Application username" choices and the userNameTemplate each one stands for. */
export const APPLICATION_USERNAMES = {
  'Okta username': '${source.login}',
  Email: '${source.email}',
} as const;

export function nameIdFormatFor(word: string): NameIdFormatUrn {
  const urn = NAME_ID_FORMATS[word as keyof typeof NAME_ID_FORMATS];
  if (!urn) throw new Error(`unknown Name ID format "${word}"; one of ${Object.keys(NAME_ID_FORMATS).join(', ')}`);
  return urn;
}

export function userNameTemplateFor(word: string): string {
  const template = APPLICATION_USERNAMES[word as keyof typeof APPLICATION_USERNAMES];
  if (!template) throw new Error(`unknown Application username "${word}"; one of ${Object.keys(APPLICATION_USERNAMES).join(', ')}`);
  return template;
}

/**
 * The SP-side settings a feature writes as a table (the vendor guides' words for them), and what
 * each stands for. `Sign-in from the Okta dashboard` covers both protocols: SAML's "allow users to
 * log in directly from their Okta dashboard" (IdP-initiated), OIDC's tile in the Okta Simplified flow
 * (allowed or not by the SP), or OIDC's tile through the SP's initiate login URI (OIDC Compliant).
 */
export const PROVISIONING_WORDS = {
  'Invite only': 'invite-only',
  'Require invites': 'invite-only',
  'Just-In-Time': 'jit',
} as const;
export const ENFORCEMENT_WORDS = {
  'Mixed Mode': 'mixed',
  'SSO Enforced': 'enforced',
} as const;
export const DASHBOARD_WORDS = {
  'not allowed': 'not-allowed',
  allowed: 'allowed',
  'through the initiate login URI': 'initiate-login',
} as const;
export type DashboardSignIn = (typeof DASHBOARD_WORDS)[keyof typeof DASHBOARD_WORDS];

/** What an SP organization's SSO connection should look like, read from a feature's settings table. */
export interface ConnectionPlan {
  /** As written in the feature; the World maps it to the scenario's unique key. */
  portalKey: string;
  provisioning: 'invite-only' | 'jit';
  enforcement: 'mixed' | 'enforced';
  /** null: the feature does not say, and the Okta app's tile is left as the app's type makes it. */
  dashboard: DashboardSignIn | null;
  /** Whether the organization claims the company domain (every actor's email domain). */
  claimsCompanyDomain: boolean;
}

function wordFor<T extends Record<string, string>>(table: T, field: string, word: string): T[keyof T] {
  if (!(word in table)) throw new Error(`unknown ${field} "${word}"; one of ${Object.keys(table).join(', ')}`);
  return table[word as keyof T];
}

export function connectionPlan(rows: [string, string][], defaults: Partial<ConnectionPlan> = {}): ConnectionPlan {
  const plan: ConnectionPlan = {
    portalKey: 'acme_SSO',
    provisioning: 'invite-only',
    enforcement: 'mixed',
    dashboard: null,
    claimsCompanyDomain: false,
    ...defaults,
  };
  for (const [field, value] of rows) {
    switch (field) {
      case 'SSO portal key':
        plan.portalKey = value;
        break;
      case 'Provisioning':
        plan.provisioning = wordFor(PROVISIONING_WORDS, field, value);
        break;
      case 'Enforcement':
        plan.enforcement = wordFor(ENFORCEMENT_WORDS, field, value);
        break;
      case 'Sign-in from the Okta dashboard':
        plan.dashboard = wordFor(DASHBOARD_WORDS, field, value);
        break;
      case 'Email domains':
        if (value !== 'the company domain' && value !== 'none') throw new Error(`Email domains: "the company domain" or "none", not "${value}"`);
        plan.claimsCompanyDomain = value === 'the company domain';
        break;
      default:
        throw new Error(`unknown SSO setting "${field}"`);
    }
  }
  return plan;
}

/** The guides' names for the switch that enforces SSO: DinMo's and ngrok's. */
const ENFORCEMENT_LABELS = ['Enable SAML-only authentication', 'SSO Enforced'] as const;

export function enforcementLabel(label: string): 'enforced' {
  if (!(ENFORCEMENT_LABELS as readonly string[]).includes(label)) throw new Error(`unknown switch "${label}"; one of ${ENFORCEMENT_LABELS.join(', ')}`);
  return 'enforced';
}
