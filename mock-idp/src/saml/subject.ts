/**
 * What the assertion says about the user: the NameID (Okta's "Application username" through the
 * app's subjectNameIdTemplate, in the app's Name ID format) and the attribute statements.
 */
import { computeAppUserName } from '../tenant/app-user-name.ts';
import type { ExpressionContext } from '../tenant/expressions.ts';
import { evaluateTemplate } from '../tenant/expressions.ts';
import type { Group, SamlApp, SamlGroupStatement, User } from '../tenant/model.ts';
import type { SamlAttribute } from './build-response.ts';

type SubjectApp = Pick<SamlApp, 'userNameTemplate' | 'signOn'> & Partial<Pick<SamlApp, 'userNames'>>;

function contextFor(user: User): ExpressionContext {
  return { user: { id: user.id, ...user.profile } };
}

/**
 * Okta's app username: the value the user got with the app (kept by the store, and recomputed on a
 * profile change only with "Create and update"), else userNameTemplate over the current profile.
 */
export function appUserName(app: Pick<SamlApp, 'userNameTemplate'> & Partial<Pick<SamlApp, 'userNames'>>, user: User): string {
  return app.userNames?.get(user.id) ?? computeAppUserName(app, user);
}

export function nameIdFor(app: SubjectApp, user: User): { format: string; value: string } {
  const context = { ...contextFor(user), appUserName: appUserName(app, user) };
  return { format: app.signOn.subjectNameIdFormat, value: evaluateTemplate(app.signOn.subjectNameIdTemplate, context) };
}

/** Whether a group name passes a GROUP statement's filter, as Okta compares them. */
export function groupPasses(name: string, statement: Pick<SamlGroupStatement, 'filterType' | 'filterValue'>): boolean {
  const { filterType, filterValue } = statement;
  switch (filterType) {
    case 'STARTS_WITH':
      return name.startsWith(filterValue);
    case 'EQUALS':
      return name === filterValue;
    case 'CONTAINS':
      return name.includes(filterValue);
    case 'REGEX':
      // Okta matches with Java's String.matches: the whole name, not a part of it.
      return new RegExp(`^(?:${filterValue})$`, 'u').test(name);
  }
}

/**
 * The attribute statements for this user: an EXPRESSION statement's values evaluated over the
 * profile, a GROUP statement's the names of the user's groups that pass its filter (in name order).
 * A GROUP statement no group passes is left out, as Okta sends no empty group attribute.
 */
export function attributesFor(app: SubjectApp, user: User, groups: readonly Pick<Group, 'profile'>[] = []): SamlAttribute[] {
  const context = { ...contextFor(user), appUserName: appUserName(app, user) };
  return app.signOn.attributeStatements.flatMap((statement): SamlAttribute[] => {
    const values =
      statement.type === 'GROUP'
        ? groups.map((group) => group.profile.name).filter((name) => groupPasses(name, statement)).sort()
        : statement.values.map((value) => evaluateTemplate(value, context));
    return statement.type === 'GROUP' && values.length === 0 ? [] : [{ name: statement.name, nameFormat: statement.namespace, values }];
  });
}
