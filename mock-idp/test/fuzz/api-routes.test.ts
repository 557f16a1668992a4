/**
 * Fuzz: the JSON APIs. /api/v1 bodies (random JSON, and valid bodies with a few fields changed),
 * paging query parameters, path segments, Authorization headers; /mock/v1/orgs bodies with names
 * and tenant documents. Every answer is a success or a coded 4xx (Okta's error JSON).
 */
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { answerOf, assertCodedAnswer, checkProperty, jsonValue, mutated, nastyString, pathSegment } from './fuzz-support.ts';
import { RP_REDIRECT_URI, startFuzzTarget, type FuzzTarget } from './fuzz-target.ts';

const VALID_USER = { profile: { email: 'new@example.com', firstName: 'N', lastName: 'U', login: 'new@example.com' }, credentials: { password: { value: 'pw-123456' } } };
const VALID_GROUP = { profile: { name: 'Sales', description: 'the sales team' } };
const VALID_SAML_APP = {
  label: 'SP',
  signOnMode: 'SAML_2_0',
  settings: {
    signOn: {
      ssoAcsUrl: 'https://sp.test/acs',
      audience: 'https://sp.test',
      subjectNameIdTemplate: '${user.email}',
      attributeStatements: [{ type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.email'] }],
      acsEndpoints: [{ url: 'https://sp.test/acs2', index: 1 }],
    },
  },
  credentials: { userNameTemplate: { template: '${source.email}', type: 'BUILT_IN' } },
  visibility: { hide: { web: false, iOS: false } },
};
const VALID_OIDC_APP = {
  label: 'RP',
  signOnMode: 'OPENID_CONNECT',
  name: 'oidc_client',
  settings: {
    oauthClient: {
      redirect_uris: [RP_REDIRECT_URI],
      grant_types: ['authorization_code', 'implicit'],
      response_types: ['code', 'id_token'],
      initiate_login_uri: 'http://127.0.0.1:9/initiate',
      idp_initiated_login: { mode: 'SPEC', default_scope: ['openid'] },
    },
  },
  credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post', pkce_required: false } },
};
const VALID_TENANT = {
  org: { name: 'dev-fuzz', apiToken: '00abcdefghijklmnopqrstuvwxyz' },
  users: [{ ...VALID_USER, status: 'ACTIVE' }],
  groups: [{ ...VALID_GROUP, members: ['new@example.com'] }],
  apps: [{ ...VALID_SAML_APP, assignments: { users: ['new@example.com'], groups: ['Sales'] } }, VALID_OIDC_APP],
};

void describe('fuzz: JSON APIs', () => {
  let target: FuzzTarget;
  before(async () => {
    target = await startFuzzTarget();
  });
  after(() => target.idp.close());

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${target.idp.url}/api/v1${path}`, {
      method,
      headers: { authorization: `SSWS ${target.idp.org.apiToken}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return answerOf(response);
  };

  void test('/api/v1 create and replace bodies: random JSON and valid bodies with fields changed', async () => {
    const routes = () => [
      ['POST', '/users', VALID_USER],
      ['POST', '/users?activate=false', VALID_USER],
      ['POST', '/groups', VALID_GROUP],
      ['POST', '/apps', VALID_SAML_APP],
      ['POST', '/apps', VALID_OIDC_APP],
      ['PUT', `/apps/${target.saml.id}`, VALID_SAML_APP],
      ['PUT', `/apps/${target.oidc.publicClientId}`, VALID_OIDC_APP],
      ['POST', `/apps/${target.saml.id}/users`, { id: target.userIds[1] }],
    ] as const;
    const request = fc.oneof(
      ...routes().map(([method, path, valid]) =>
        fc.tuple(fc.constant(method), fc.constant(path), fc.oneof({ weight: 3, arbitrary: mutated(valid) }, { weight: 1, arbitrary: jsonValue() })),
      ),
    );
    await checkProperty(60, [request], async ([method, path, body]) => {
      assertCodedAnswer(await api(method, path, body), `${method} ${path} ${JSON.stringify(body)?.slice(0, 300)}`);
    });
  });

  void test('/api/v1 lists with any limit and after, and reads with any id', async () => {
    const lists = () => ['/users', '/groups', '/apps', `/apps/${target.saml.id}/users`, `/apps/${target.oidc.clientId}/groups`, `/groups/${target.groupId}/users`];
    const param = fc.oneof(fc.constantFrom('0', '1', '-1', '1000', '1001', '1e2', '2.5', 'NaN', '', '00u', target.userIds[0]!), nastyString(20));
    await checkProperty(150, [fc.nat({ max: 5 }), fc.option(param), fc.option(param), fc.boolean()], async (index, limit, afterId, repeat) => {
      const query = new URLSearchParams();
      if (limit !== null) query.append('limit', limit);
      if (afterId !== null) query.append('after', afterId);
      if (repeat && limit !== null) query.append('limit', limit);
      const path = `${lists()[index]!}?${query.toString()}`;
      assertCodedAnswer(await api('GET', path), `GET ${path}`);
    });
    const reads = ['/users/', '/groups/', '/apps/', `/apps/${target.saml.id}/users/`, `/apps/${target.saml.id}/groups/`, `/groups/${target.groupId}/users/`, `/apps/${target.saml.id}/lifecycle/`];
    await checkProperty(150, [fc.nat({ max: reads.length - 1 }), pathSegment(), fc.constantFrom('GET', 'PUT', 'POST', 'DELETE')], async (index, id, method) => {
      const path = `${reads[index]!}${id}`;
      assertCodedAnswer(await api(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}), `${method} ${path}`);
    });
  });

  void test('/api/v1 q, filter, search and sortBy: expressions near Okta\'s grammar and anything else', async () => {
    const property = fc.constantFrom('status', 'id', 'lastUpdated', 'created', 'profile.login', 'profile.email', 'profile.firstName', 'profile.x', 'type', 'name', 'credentials.signing.kid', 'user.id', 'group.id', 'settings.slo.enabled', 'emails[type eq "work"]');
    const operator = fc.constantFrom('eq', 'ne', 'sw', 'co', 'ew', 'pr', 'gt', 'ge', 'lt', 'le', 'EQ', 'xx');
    const value = fc.oneof(fc.constantFrom('"ACTIVE"', '"2026-01-01T00:00:00.000Z"', '"not a date"', 'true', '5', 'null', '""', '"\\""'), nastyString(20).map((text) => JSON.stringify(text)));
    const clause = fc.tuple(property, operator, value).map(([name, op, val]) => (op === 'pr' ? `${name} pr` : `${name} ${op} ${val}`));
    const expression = fc.oneof(
      { weight: 3, arbitrary: fc.array(clause, { minLength: 1, maxLength: 4 }).chain((clauses) => fc.constantFrom(' and ', ' or ', ' AND ').map((joiner) => clauses.join(joiner))) },
      { weight: 1, arbitrary: clause.map((text) => `not (${text})`) },
      { weight: 1, arbitrary: fc.nat({ max: 800 }).map((depth) => `${'('.repeat(depth)}status eq "ACTIVE"${')'.repeat(depth)}`) },
      { weight: 2, arbitrary: nastyString(60) },
    );
    const lists = ['/users', '/groups', '/apps', `/apps/${target.saml.id}/users`, `/apps/${target.saml.id}/groups`];
    const parameter = fc.constantFrom('q', 'filter', 'search', 'sortBy', 'sortOrder');
    await checkProperty(150, [fc.nat({ max: lists.length - 1 }), fc.array(fc.tuple(parameter, expression), { minLength: 1, maxLength: 3 })], async (index, params) => {
      const path = `${lists[index]!}?${new URLSearchParams(params).toString()}`;
      assertCodedAnswer(await api('GET', path), `GET ${path.slice(0, 300)}`);
    });
  });

  void test('/api/v1 key credentials: any validityYears, kid, targetAid, and the metadata preview', async () => {
    const param = fc.oneof(fc.constantFrom('', '1', '2', '10', '11', '2.5', '-3', 'NaN', target.saml.id, target.oidc.clientId), nastyString(20));
    const paths = (value: string) => [
      ['POST', `/apps/${target.saml.id}/credentials/keys/generate?validityYears=${encodeURIComponent(value)}`],
      ['GET', `/apps/${target.saml.id}/credentials/keys/${encodeURIComponent(value) || 'x'}`],
      ['POST', `/apps/${target.saml.id}/credentials/keys/${encodeURIComponent(value) || 'x'}/clone?targetAid=${target.oidc.clientId}`],
      ['GET', `/apps/${target.saml.id}/sso/saml/metadata?kid=${encodeURIComponent(value)}`],
      ['PUT', `/apps/${target.saml.id}`],
    ] as const;
    await checkProperty(40, [fc.nat({ max: 4 }), param], async (index, value) => {
      const [method, path] = paths(value)[index]!;
      const body = method === 'PUT' ? { credentials: { signing: { kid: value } } } : undefined;
      assertCodedAnswer(await api(method, path, body), `${method} ${path}`);
    });
  });

  void test('/api/v1 with any Authorization and Content-Type header', async () => {
    const printable = (max: number) => nastyString(max).filter((value) => /^[\t\x20-\x7e]*$/.test(value));
    const authorization = fc.oneof(fc.constantFrom('', 'SSWS', 'SSWS ', 'Bearer x', `SSWS ${'0'.repeat(42)}`), printable(60));
    await checkProperty(120, [authorization, printable(60), fc.string({ maxLength: 100 })], async (auth, type, body) => {
      const answer = await api('POST', '/groups', body, { authorization: auth, 'content-type': type });
      assertCodedAnswer(answer, `POST /groups auth=${auth} type=${type} ${body.slice(0, 50)}`);
    });
  });

  void test('/mock/v1/orgs bodies: names and tenant documents, random and nearly valid', async () => {
    const body = fc.oneof(
      jsonValue(),
      fc.record({ name: fc.oneof(nastyString(70), fc.constant('dev-ok')) }),
      mutated({ name: 'dev-fuzz', tenant: VALID_TENANT }),
    );
    await checkProperty(30, [body], async (payload) => {
      const response = await fetch(`${target.idp.url}/mock/v1/orgs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      const answer = await answerOf(response);
      assertCodedAnswer(answer, `POST /mock/v1/orgs ${JSON.stringify(payload).slice(0, 300)}`);
      if (answer.status === 201) await target.idp.deleteOrg((JSON.parse(answer.body) as { id: string }).id);
    });
  });
});
