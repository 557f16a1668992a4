/**
 * `npm run idp -- --tenant mock-idp/examples/tenant.yaml [--port 7000]`: runs the mock IdP and says
 * how to use it. A broken tenant file prints IDP_TENANT_INVALID with the field and exits 2.
 */
import { parseArgs } from 'node:util';
import { IdpError, OrgControlClient, createMockIdp, loadTenantFile, type MockIdp } from './index.ts';
import { describeLimits, isLimitName, optionsInvalid, resolveLimits, type MockIdpLimits } from './src/limits/limits.ts';

const USAGE = `Usage: npm run idp -- [--tenant <file.yaml|file.json>] [--port <port>] [--limit NAME=VALUE]...

Runs an Okta-like mock IdP on 127.0.0.1.
  --tenant  a YAML or JSON tenant file (see mock-idp/examples/tenant.yaml); empty org without it
  --port    port of the org (default 0: any free port)
  --limit   a bound or lifetime below, e.g. --limit maxOrgs=20 --limit sessionLifetimeSeconds=600
  --help    this text

Limits (name, default, what it bounds; a count reached is IDP_LIMIT_REACHED / E0000047 429):
${describeLimits().join('\n')}`;

/** `--limit NAME=VALUE` pairs as the limits option; checked again, with ranges, by createMockIdp. */
function readLimits(pairs: string[]): Partial<MockIdpLimits> {
  const limits: Partial<MockIdpLimits> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z]+)=(\d+)$/.exec(pair);
    if (!match || !isLimitName(match[1]!)) throw optionsInvalid(`--limit ${pair}: expected NAME=WHOLE_NUMBER with a NAME listed in --help`);
    limits[match[1]] = Number(match[2]);
  }
  resolveLimits(limits);
  return limits;
}

/** The admin console's words for idp_initiated_login.mode. */
const LOGIN_MODES = {
  DISABLED: 'initiated by App Only (no dashboard tile)',
  SPEC: 'initiated by Either Okta or App: Redirect to app to initiate login (OIDC Compliant)',
  OKTA: 'initiated by Either Okta or App: Send ID Token directly to app (Okta Simplified)',
} as const;

async function describe(idp: MockIdp, passwords: Map<string, string>): Promise<string[]> {
  const client = new OrgControlClient(idp.url, idp.org.apiToken);
  const [apps, users] = await Promise.all([client.listApps(), client.listUsers()]);
  const lines = [
    `Okta org ${idp.org.name} (${idp.org.id}) at ${idp.url}`,
    `  sign-in page  ${idp.url}/login/login.htm`,
    `  dashboard     ${idp.url}/app/UserHome   (My Apps: a tile per assigned app)`,
    `  OIDC issuers  ${idp.url}   (org authorization server; ${idp.url}/.well-known/openid-configuration)`,
    `                ${idp.url}/oauth2/default   (${idp.url}/oauth2/default/.well-known/openid-configuration)`,
    '',
  ];
  const appsOf = new Map<string, string[]>();
  for (const app of apps) {
    lines.push(`App "${app.label}" (${app.id}, ${app.signOnMode})`);
    switch (app.signOnMode) {
      case 'SAML_2_0': {
        const setup = await client.getSamlSetup(app.id);
        lines.push(`  SSO URL       ${setup.ssoUrl}`);
        lines.push(`  Issuer        ${setup.issuer}`);
        lines.push(`  Metadata URL  ${setup.metadataUrl}`);
        lines.push(`  ACS / audience ${app.settings.signOn.ssoAcsUrl}  ${app.settings.signOn.audience}`);
        break;
      }
      case 'OPENID_CONNECT': {
        const setup = await client.getOidcSetup(app.id);
        const { oauthClient } = app.settings;
        lines.push(`  Client ID     ${setup.clientId}`);
        lines.push(`  Client secret ${setup.clientSecret || '(none: public client)'}`);
        lines.push(`  Issuer        ${setup.issuer}   (Okta domain ${setup.oktaDomain})`);
        lines.push(`  Redirect URIs ${oauthClient.redirect_uris.join(', ')}`);
        lines.push(`  Login         ${LOGIN_MODES[oauthClient.idp_initiated_login.mode]}${oauthClient.initiate_login_uri ? ` (initiate login URI ${oauthClient.initiate_login_uri})` : ''}`);
        break;
      }
    }
    for (const assigned of await client.listAppUsers(app.id)) {
      appsOf.set(assigned.id, [...(appsOf.get(assigned.id) ?? []), `${app.label} (${assigned.scope.toLowerCase()})`]);
    }
  }
  lines.push('', 'Users:');
  for (const user of users) {
    const password = passwords.get(user.profile.login.toLowerCase()) ?? '(set through the API)';
    lines.push(`  ${user.profile.login.padEnd(28)} password ${password.padEnd(14)} ${user.status.padEnd(10)} apps: ${appsOf.get(user.id)?.join(', ') || 'none'}`);
  }
  lines.push('', `Admin API token: SSWS ${idp.org.apiToken}`, `  e.g. curl -H "Authorization: SSWS ${idp.org.apiToken}" ${idp.url}/api/v1/apps`);
  // The token rides in the fragment, which the browser never sends; the page moves it to the tab's storage.
  lines.push(`Inspector (every SAML and OIDC message, decoded): ${idp.url}/mock/inspector#token=${encodeURIComponent(idp.org.apiToken)}`);
  lines.push(`New isolated orgs: POST ${idp.url}/mock/v1/orgs (JSON), DELETE ${idp.url}/mock/v1/orgs/{id}; at most ${idp.limits.maxOrgs} orgs`, '', 'Press Ctrl-C to stop.');
  return lines;
}

async function main(): Promise<number> {
  let values: { tenant?: string | undefined; port?: string | undefined; limit?: string[] | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { tenant: { type: 'string' }, port: { type: 'string' }, limit: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number\n\n${USAGE}`);
    return 2;
  }
  let idp: MockIdp;
  const passwords = new Map<string, string>();
  try {
    const limits = readLimits(values.limit ?? []);
    // Read once here too: the API never returns passwords, and a person needs them to sign in.
    const tenant = values.tenant ? await loadTenantFile(values.tenant, resolveLimits(limits).maxTenantBytes) : undefined;
    for (const user of tenant?.users ?? []) passwords.set(user.profile.login.toLowerCase(), user.password);
    idp = await createMockIdp({ port, limits, ...(values.tenant ? { tenant: values.tenant } : {}), log: (line) => console.log(line) });
  } catch (error) {
    if (error instanceof IdpError) {
      console.error(`${error.code}: ${error.message}${error.code === 'IDP_OPTIONS_INVALID' ? `\n\n${USAGE}` : ''}`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `port ${port} is already in use` : `could not start: ${(error as Error).message}`);
    return 1;
  }
  console.log((await describe(idp, passwords)).join('\n'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('stopping…');
  await idp.close();
  return 0;
}

process.exitCode = await main();
