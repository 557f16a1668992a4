/**
 * The images and the testcontainers module, against a real engine. Where no engine answers, every
 * test here is reported as skipped with that reason (never passed). Where one answers but the
 * images are not built, they are built first (SSO_CONFORMANCE_NODE_IMAGE or node:20-bookworm-slim as
 * the base). Host networking, loopback only.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getContainerRuntimeClient, ImageName, Wait } from 'testcontainers';
import { buildImages, DEFAULT_NODE_IMAGE } from '../images.ts';
import { MOCK_IDP_IMAGE, MockOktaContainer, REFERENCE_SP_IMAGE, ReferenceSpContainer, type StartedMockOktaContainer, type StartedReferenceSpContainer } from '../index.ts';
import { containerDefaults } from '../../runner/containers-runtime.ts';
import { freePort } from '../../test-support/ports.ts';

containerDefaults();

async function noEngine(): Promise<string | false> {
  try {
    await getContainerRuntimeClient();
    return false;
  } catch (error) {
    return `no container runtime: ${(error as Error).message.split('\n')[0]}`;
  }
}

const skip = await noEngine();

describe('container images and testcontainers', { skip, timeout: 10 * 60_000 }, () => {
  let idp: StartedMockOktaContainer;
  let sp: StartedReferenceSpContainer;

  before(async () => {
    const client = await getContainerRuntimeClient();
    const missing = !(await client.image.exists(ImageName.fromString(MOCK_IDP_IMAGE))) || !(await client.image.exists(ImageName.fromString(REFERENCE_SP_IMAGE)));
    if (missing) await buildImages(resolve(import.meta.dirname, '..', '..'), process.env['SSO_CONFORMANCE_NODE_IMAGE'] ?? DEFAULT_NODE_IMAGE, () => {});
    [idp, sp] = await Promise.all([new MockOktaContainer().start(), new ReferenceSpContainer().withOperatorToken('spo_container_test').start()]);
  });
  after(async () => {
    await Promise.all([idp?.stop(), sp?.stop()]);
  });

  test('MockOktaContainer: on loopback with host networking, it makes orgs and its API works', async () => {
    assert.match(idp.getUrl(), /^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = (await (await fetch(`${idp.getUrl()}/.well-known/openid-configuration`)).json()) as { issuer: string };
    assert.equal(discovery.issuer, idp.getUrl());
    const user = await idp.control().createUser({ email: 'alice@example.test', firstName: 'Alice', lastName: 'Example', password: 'Password1!' });
    assert.equal(user.status, 'ACTIVE');
    const org = await fetch(`${idp.getUrl()}/mock/v1/orgs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"from-test"}' });
    assert.equal(org.status, 201);
    assert.match(((await org.json()) as { baseUrl: string }).baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('ReferenceSpContainer: its pages answer and its operator API takes the token it was given', async () => {
    assert.match(sp.getUrl(), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${sp.getUrl()}/signup`)).status, 200);
    const refused = await fetch(`${sp.getUrl()}/api/operator/organizations`, { method: 'POST', headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 401);
    const accepted = await fetch(`${sp.getUrl()}/api/operator/organizations`, { method: 'POST', headers: { authorization: `Bearer ${sp.getOperatorToken()}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(accepted.status, 400, 'the token is accepted; the empty body is what is refused');
  });

  test('the images run as an unprivileged user and have a health check that turns healthy', async () => {
    const client = await getContainerRuntimeClient();
    for (const image of [MOCK_IDP_IMAGE, REFERENCE_SP_IMAGE]) {
      const inspected = await client.image.inspect(ImageName.fromString(image));
      assert.equal(inspected.Config.User, '1000:1000', image);
      assert.deepEqual(inspected.Config.Healthcheck?.Test?.[0], 'CMD', image);
    }
    const healthy = await new MockOktaContainer().withWaitStrategy(Wait.forHealthCheck()).start();
    try {
      const state = await (await getContainerRuntimeClient()).container.inspect((await getContainerRuntimeClient()).container.getById(healthy.getId()));
      assert.equal(state.State.Health?.Status, 'healthy');
    } finally {
      await healthy.stop();
    }
  });

  test('a public URL and a fixed port reach the server\'s URLs', async () => {
    const port = await freePort();
    const behind = await new MockOktaContainer().withPort(port).withPublicUrl(`http://localhost:${port}`).start();
    try {
      assert.equal(behind.getUrl(), `http://localhost:${port}`);
      const discovery = (await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json()) as { issuer: string };
      assert.equal(discovery.issuer, `http://localhost:${port}`);
    } finally {
      await behind.stop();
    }
  });
});
