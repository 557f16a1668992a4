/**
 * The small part of Okta Expression Language the mock understands, enough for "Application
 * username" and attribute statements:
 *   - profile references: `user.email`, `user.login`, `user.firstName`, `user.lastName`, `user.id`
 *     (`source.` is the same user, as in userNameTemplate `${source.login}`),
 *   - the app username: `user.userName` / `appuser.userName` (Okta's default NameID template),
 *   - string literals in double or single quotes, joined with `+`,
 *   - a template with `${…}` placeholders around any of the above.
 * Anything else is refused when the app is configured (checkTemplate), so sign-in never meets an
 * expression it cannot evaluate.
 */

export interface ExpressionSubject {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface ExpressionContext {
  user: ExpressionSubject;
  /** The app username (NameID source); `user.userName` refers to it. */
  appUserName?: string;
}

const PROFILE_FIELDS = new Set(['id', 'login', 'email', 'firstName', 'lastName']);
const REFERENCE = /^(user|source|appuser)\.([A-Za-z]+)$/;
const LITERAL = /^(?:"([^"]*)"|'([^']*)')$/;

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

function evaluateTerm(term: string, context: ExpressionContext): string {
  const literal = LITERAL.exec(term);
  if (literal) return literal[1] ?? literal[2] ?? '';
  const reference = REFERENCE.exec(term);
  if (!reference) throw new ExpressionError(`unsupported expression "${term}"`);
  const [, root, field] = reference as unknown as [string, string, string];
  if (field === 'userName' && (root === 'user' || root === 'appuser')) return context.appUserName ?? context.user.login;
  if (root === 'appuser' || !PROFILE_FIELDS.has(field)) throw new ExpressionError(`unknown attribute "${term}"`);
  return context.user[field as keyof ExpressionSubject];
}

/** Splits on `+` outside quotes. */
function terms(expression: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of expression) {
    if (quote) {
      if (char === quote) quote = undefined;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === '+') {
      out.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (quote) throw new ExpressionError('unterminated string literal');
  out.push(current.trim());
  return out;
}

export function evaluateExpression(expression: string, context: ExpressionContext): string {
  const parts = terms(expression);
  if (parts.some((part) => part === '')) throw new ExpressionError(`empty term in "${expression}"`);
  return parts.map((part) => evaluateTerm(part, context)).join('');
}

/** A `${…}` template, or a bare expression when there is no placeholder. */
export function evaluateTemplate(template: string, context: ExpressionContext): string {
  if (!template.includes('${')) return evaluateExpression(template, context);
  const placeholder = /\$\{([^}]*)\}/g;
  if (template.replace(placeholder, '').includes('${')) throw new ExpressionError('unterminated ${ in template');
  return template.replace(placeholder, (_, inner: string) => evaluateExpression(inner, context));
}

const PROBE: ExpressionContext = { user: { id: 'id', login: 'login', email: 'email', firstName: 'first', lastName: 'last' }, appUserName: 'name' };

/** The problem with an expression or template, or undefined when it can be evaluated. */
export function checkTemplate(template: string): string | undefined {
  try {
    evaluateTemplate(template, PROBE);
    return undefined;
  } catch (error) {
    return error instanceof ExpressionError ? error.message : 'cannot be evaluated';
  }
}
