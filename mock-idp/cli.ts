/**
 * `npm run idp -- --tenant mock-idp/examples/tenant.yaml [--port 7000]` (or `sso-conformance idp …`
 * from the installed package): runs the mock IdP and says how to use it. A broken tenant file prints
 * IDP_TENANT_INVALID with the field and exits 2.
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { IdpError, createMockIdp, loadTenantFile, type MockIdp } from './index.ts';
import { describeLimits, isLimitName, optionsInvalid, resolveLimits, type MockIdpLimits } from './src/limits/limits.ts';
import { DEFAULT_STATE_DIR } from './src/state/state-dir.ts';

const usage = (prog: string): string => `Usage: ${prog} [--tenant <file.yaml|file.json>] [--port <port>] [--https] [--state-dir <dir>] [--host <address>] [--public-url <url>] [--limit NAME=VALUE]...

Runs an Okta-like mock IdP on 127.0.0.1.
  --tenant      a YAML or JSON tenant file (see mock-idp/examples/tenant.yaml); empty org without it
  --port        port of the org (default: the port kept in --state-dir, else any free port)
  --https       serve every org over https, with certificates from a local CA made on first use
                and kept in the state directory (${DEFAULT_STATE_DIR}/ca/ without --state-dir);
                give its ca.pem to your clients (NODE_EXTRA_CA_CERTS=…/ca.pem, or a browser)
  --state-dir   keep the org (ids, keys, certificates, client secrets, users, apps) and the CA in
                this directory and start from it next time; the tenant file is applied only when
                the directory holds no org yet
  --host        the address to listen on (default 127.0.0.1; 0.0.0.0 inside a container with a port mapping)
  --public-url  the org's origin as browsers and SPs reach it (a port mapping, a proxy), written into
                metadata, issuers and redirects; orgs made later keep its host name with their own port
  --limit       a bound or lifetime below, e.g. --limit maxOrgs=20 --limit sessionLifetimeSeconds=600
  --help        this text

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
  // Over loopback (idp.control): a --public-url may name an address this process does not reach.
  const client = idp.control;
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
        lines.push(`  App type      ${oauthClient.application_type}   (grants ${oauthClient.grant_types.join(', ')})`);
        lines.push(`  Client ID     ${setup.clientId}`);
        lines.push(`  Client secret ${setup.clientSecret || '(none: public client)'}`);
        lines.push(`  Issuer        ${setup.issuer}   (Okta domain ${setup.oktaDomain})`);
        if (oauthClient.redirect_uris.length > 0) lines.push(`  Redirect URIs ${oauthClient.redirect_uris.join(', ')}`);
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
  if (idp.ca) {
    lines.push(
      '',
      `HTTPS: every org's certificate comes from the local CA ${idp.ca.certFile}`,
      `  Node clients:  NODE_EXTRA_CA_CERTS=${idp.ca.certFile} node your-app.js`,
      `  curl:          curl --cacert ${idp.ca.certFile} ${idp.url}/.well-known/openid-configuration`,
      `  Chromium:      --ignore-certificate-errors-spki-list=${idp.ca.spkiSha256} (or import the CA as a trusted authority)`,
    );
  }
  if (idp.stateDir) lines.push('', `State directory: ${idp.stateDir} (the org, its keys and secrets survive a restart)`);
  // The token rides in the fragment, which the browser never sends; the page moves it to the tab's storage.
  lines.push(`Inspector (every SAML and OIDC message, decoded): ${idp.url}/mock/inspector#token=${encodeURIComponent(idp.org.apiToken)}`);
  lines.push(`New isolated orgs: POST ${idp.url}/mock/v1/orgs (JSON), DELETE ${idp.url}/mock/v1/orgs/{id}; at most ${idp.limits.maxOrgs} orgs`, '', 'Press Ctrl-C to stop.');
  return lines;
}

/** The CLI; `prog` is how it was called (`npm run idp --`, `sso-conformance idp`), for the usage text. */
export async function main(argv: string[] = process.argv.slice(2), prog = 'npm run idp --'): Promise<number> {
  const USAGE = usage(prog);
  let values: { tenant?: string | undefined; port?: string | undefined; https?: boolean | undefined; 'state-dir'?: string | undefined; host?: string | undefined; 'public-url'?: string | undefined; limit?: string[] | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: {
        tenant: { type: 'string' },
        port: { type: 'string' },
        https: { type: 'boolean' },
        'state-dir': { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        limit: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      args: argv,
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
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`--port must be a port number\n\n${USAGE}`);
    return 2;
  }
  let idp: MockIdp;
  const passwords = new Map<string, string>();
  try {
    const limits = readLimits(values.limit ?? []);
    // Read once here too: the API never returns passwords, and a person needs them to sign in.
    const tenant = values.tenant ? await loadTenantFile(values.tenant, resolveLimits(limits).maxTenantBytes) : undefined;
    for (const user of tenant?.users ?? []) if (user.password) passwords.set(user.profile.login.toLowerCase(), user.password);
    idp = await createMockIdp({
      ...(port !== undefined ? { port } : {}),
      limits,
      ...(values.host ? { host: values.host } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      ...(values.tenant ? { tenant: values.tenant } : {}),
      ...(values.https ? { https: true } : {}),
      ...(values['state-dir'] !== undefined ? { stateDir: values['state-dir'] } : {}),
      log: (line) => console.log(line),
    });
  } catch (error) {
    if (error instanceof IdpError) {
      console.error(`${error.code}: ${error.message}${error.code === 'IDP_OPTIONS_INVALID' ? `\n\n${USAGE}` : ''}`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `port ${port ?? '(the one kept in --state-dir)'} is already in use` : `could not start: ${(error as Error).message}`);
    return 1;
  }
  console.log((await describe(idp, passwords)).join('\n'));
  // A container's health check reads where to ask (the port may have been picked at start).
  if (process.env['SSO_CONFORMANCE_READY_FILE']) await writeFile(process.env['SSO_CONFORMANCE_READY_FILE'], `${idp.localUrl}/.well-known/openid-configuration\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('stopping…');
  await idp.close();
  return 0;
}

// Run when started as a script; `sso-conformance idp` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
