/**
 * What the assertion says about the user: the NameID (Okta's "Application username" through the
 * app's subjectNameIdTemplate, in the app's Name ID format) and the attribute statements.
 */
import { computeAppUserName } from '../tenant/app-user-name.ts';
import type { ExpressionContext } from '../tenant/expressions.ts';
import { evaluateTemplate } from '../tenant/expressions.ts';
import type { SamlApp, User } from '../tenant/model.ts';
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

export function attributesFor(app: SubjectApp, user: User): SamlAttribute[] {
  const context = { ...contextFor(user), appUserName: appUserName(app, user) };
  return app.signOn.attributeStatements.map((statement) => ({
    name: statement.name,
    nameFormat: statement.namespace,
    values: statement.values.map((value) => evaluateTemplate(value, context)),
  }));
}
