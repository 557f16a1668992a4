/**
 * What the assertion says about the user: the NameID (Okta's "Application username" through the
 * app's subjectNameIdTemplate, in the app's Name ID format) and the attribute statements.
 */
import { evaluateTemplate, type ExpressionContext } from '../tenant/expressions.ts';
import type { SamlApp, User } from '../tenant/model.ts';
import type { SamlAttribute } from './build-response.ts';

function contextFor(user: User): ExpressionContext {
  return { user: { id: user.id, ...user.profile } };
}

/** Okta's app username: userNameTemplate (`${source.login}` by default) over the user's profile. */
export function appUserName(app: Pick<SamlApp, 'userNameTemplate'>, user: User): string {
  return evaluateTemplate(app.userNameTemplate.template, contextFor(user));
}

export function nameIdFor(app: Pick<SamlApp, 'userNameTemplate' | 'signOn'>, user: User): { format: string; value: string } {
  const context = { ...contextFor(user), appUserName: appUserName(app, user) };
  return { format: app.signOn.subjectNameIdFormat, value: evaluateTemplate(app.signOn.subjectNameIdTemplate, context) };
}

export function attributesFor(app: Pick<SamlApp, 'userNameTemplate' | 'signOn'>, user: User): SamlAttribute[] {
  const context = { ...contextFor(user), appUserName: appUserName(app, user) };
  return app.signOn.attributeStatements.map((statement) => ({
    name: statement.name,
    nameFormat: statement.namespace,
    values: statement.values.map((value) => evaluateTemplate(value, context)),
  }));
}
