/**
 * testcontainers for the mock IdP and the reference SP (`import { MockOktaContainer,
 * ReferenceSpContainer } from 'sso-conformance/testcontainers'`; testcontainers is an optional peer
 * dependency, 11.14.x on Node 20). The images are built by `npm run containers:build`.
 *
 * Both run with host networking on loopback: the container binds 127.0.0.1 on a port it picks (or
 * the one given), so every org the mock IdP makes later (each on its own port) is reachable as it is
 * from the host, and the SP in a container reaches the IdP as the browser does. They are ready when
 * the server printed where it listens (a log wait strategy; the images also have a Docker
 * HEALTHCHECK, for `Wait.forHealthCheck()`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { OrgControlClient } from '../mock-idp/index.ts';
import { PACKAGE_ROOT } from '../steps/support/locations.ts';
import { IMAGE_NAMES } from './images.ts';

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The images this package version builds (npm run containers:build). */
export const MOCK_IDP_IMAGE = `${IMAGE_NAMES.idp}:${VERSION}`;
export const REFERENCE_SP_IMAGE = `${IMAGE_NAMES.sp}:${VERSION}`;

const IDP_READY = /^Okta org \S+ \(\S+\) at (https?:\/\/\S+)$/m;
const IDP_TOKEN = /^Admin API token: SSWS (\S+)$/m;
const SP_READY = /^Reference SP listening on (https?:\/\/\S+)$/m;

export class ContainerStartError extends Error {
  readonly code = 'HARNESS_CONTAINER_FAILED';
}

/** Reads a container's output until every pattern matched (the wait strategy saw the first already). */
async function readUntil(started: StartedTestContainer, patterns: RegExp[], timeoutMs = 10_000): Promise<RegExpExecArray[]> {
  const stream: Readable = await started.logs();
  let text = '';
  try {
    return await new Promise<RegExpExecArray[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ContainerStartError(`the container printed no ${patterns.map(String).join(' and ')}:\n${text}`)), timeoutMs);
      stream.on('data', (chunk: Buffer | string) => {
        text += chunk.toString();
        const matches = patterns.map((pattern) => pattern.exec(text));
        if (matches.every((match) => match)) {
          clearTimeout(timer);
          resolve(matches as RegExpExecArray[]);
        }
      });
      stream.on('error', reject);
    });
  } finally {
    stream.destroy();
  }
}

/** The mock IdP in a container. */
export class MockOktaContainer extends GenericContainer {
  private port = 0;
  private readonly extraArgs: string[] = [];

  constructor(image = MOCK_IDP_IMAGE) {
    super(image);
    this.withNetworkMode('host').withWaitStrategy(Wait.forLogMessage(IDP_READY)).withStartupTimeout(60_000);
  }

  /** The default org's port (0, the default: a free one, read from the container's output). */
  withPort(port: number): this {
    this.port = port;
    return this;
  }

  /** The origin the outside sees, written into every URL (behind a proxy). */
  withPublicUrl(url: string): this {
    this.extraArgs.push('--public-url', url);
    return this;
  }

  /** A bound or lifetime of README "Limits", e.g. withLimit('maxOrgs', 20). */
  withLimit(name: string, value: number): this {
    this.extraArgs.push('--limit', `${name}=${value}`);
    return this;
  }

  override async start(): Promise<StartedMockOktaContainer> {
    this.withCommand(['--host', '127.0.0.1', '--port', String(this.port), ...this.extraArgs]);
    const started = await super.start();
    const [ready, token] = await readUntil(started, [IDP_READY, IDP_TOKEN]);
    return new StartedMockOktaContainer(started, ready![1]!, token![1]!);
  }
}

export class StartedMockOktaContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly url: string,
    private readonly apiToken: string,
  ) {
    super(started);
  }

  /** The default org's origin, also the host URL for POST /mock/v1/orgs (the runner's --idp-url). */
  getUrl(): string {
    return this.url;
  }

  /** The default org's Management API token (`Authorization: SSWS …`). */
  getApiToken(): string {
    return this.apiToken;
  }

  /** The typed client of the default org's API. */
  control(): OrgControlClient {
    return new OrgControlClient(this.url, this.apiToken);
  }
}

/** The reference SP in a container. */
export class ReferenceSpContainer extends GenericContainer {
  private port = 0;
  private operatorToken = `spo_${randomBytes(16).toString('hex')}`;
  private readonly extraArgs: string[] = [];

  constructor(image = REFERENCE_SP_IMAGE) {
    super(image);
    this.withNetworkMode('host').withWaitStrategy(Wait.forLogMessage(SP_READY)).withStartupTimeout(60_000);
  }

  withPort(port: number): this {
    this.port = port;
    return this;
  }

  /** The operator API's token (default: a random one, see getOperatorToken). */
  withOperatorToken(token: string): this {
    this.operatorToken = token;
    return this;
  }

  withPublicUrl(url: string): this {
    this.extraArgs.push('--public-url', url);
    return this;
  }

  override async start(): Promise<StartedReferenceSpContainer> {
    this.withEnvironment({ SP_OPERATOR_TOKEN: this.operatorToken }).withCommand(['--host', '127.0.0.1', '--port', String(this.port), '--quiet', ...this.extraArgs]);
    const started = await super.start();
    const [ready] = await readUntil(started, [SP_READY]);
    return new StartedReferenceSpContainer(started, ready![1]!, this.operatorToken);
  }
}

export class StartedReferenceSpContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly url: string,
    private readonly operatorToken: string,
  ) {
    super(started);
  }

  /** The SP's origin (the runner's --sp-url). */
  getUrl(): string {
    return this.url;
  }

  /** What its driver needs as `--sp-setting operatorToken=…`. */
  getOperatorToken(): string {
    return this.operatorToken;
  }
}
