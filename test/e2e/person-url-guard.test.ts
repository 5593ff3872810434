// An OpenAI-compatible key brings its own base URL, typed by a person. Warden must never call a
// private, loopback or metadata address through it (SSRF), in the add flow, the health sweep or the
// runbook's test chat, unless an operator named that host in WARDEN_ALLOWED_PRIVATE_HOSTS.
import { callFingerprint } from '../fakes/provider-server';
import { WorkflowFailedError } from '@temporalio/client';
import { ERROR_CODES } from '../../lib/contracts';
import { maskKey } from '../../lib/crypto';
import { fakeKey, sealKey, startAddKey } from '../helpers/key-workflows';
import { executeAsWarden } from '../helpers/system-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, ADMIN_CHANNEL, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';

const compatCalls = (stack: TestStack) => stack.providers.calls.filter((c) => c.provider === 'openai_compatible');

describe('without WARDEN_ALLOWED_PRIVATE_HOSTS', () => {
  let stack: TestStack;
  let host: string;

  beforeAll(async () => {
    stack = await startTestStack();
    host = new URL(stack.providers.openaiCompatibleBaseUrl).host;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('the key modal refuses a base URL on 127.0.0.1 under the field, before anything is sealed', async () => {
    const slack = slackDriver(stack);
    const apiKey = fakeKey('openai_compatible');
    stack.providers.setKey(apiKey, { kind: 'valid' });
    const sealedBefore = await stack.db.prisma.sealedSecret.count();
    await slack.slash(ADMIN.id, 'keys add');
    const res = await slack.submitKeyModal(ADMIN.id, slack.lastOpenedView(), {
      provider: 'openai_compatible',
      environment: 'production',
      apiKey,
      baseUrl: stack.providers.openaiCompatibleBaseUrl,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: {
        key_base_url:
          `Warden does not call ${host}: it is a loopback address (this machine). ` +
          "Give the provider's public https URL, or an operator can allow a self-hosted gateway's host in WARDEN_ALLOWED_PRIVATE_HOSTS.",
      },
    });
    expect(await stack.db.prisma.sealedSecret.count()).toBe(sealedBefore);
    expect(await stack.warden.services.keys.list()).toEqual([]);
    expect(compatCalls(stack)).toEqual([]);
  });

  test('a base URL on 127.0.0.1 that reaches the key workflow anyway fails at connect time: clear reason, no call, not retried', async () => {
    const apiKey = fakeKey('openai_compatible');
    stack.providers.setKey(apiKey, { kind: 'valid' });
    const handle = await startAddKey(stack, { apiKey, provider: 'openai_compatible', environment: 'staging', baseUrl: stack.providers.openaiCompatibleBaseUrl });
    const failure = await handle.result().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause?.cause as { type?: string; message?: string } | undefined;
    expect(cause?.type).toBe(ERROR_CODES.providerConfiguration);
    expect(cause?.message).toContain(`Warden does not call ${host}: it is a loopback address (this machine).`);
    expect(compatCalls(stack)).toEqual([]);

    const [row] = (await stack.warden.services.keys.list()).filter((k) => k.provider === 'openai_compatible');
    expect(row).toMatchObject({ status: 'failed', lastCheckOutcome: 'configuration_error' });
    expect(row?.failureReason).toContain(`Warden does not call ${host}`);
    // One check: a refused address is permanent, so the activity is not retried.
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes && (e.activityTaskStartedEventAttributes.attempt ?? 1) > 1);
    expect(attempts).toEqual([]);

    const dm = await eventually('the DM saying why', () =>
      stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('OpenAI-compatible staging key was not activated')),
    );
    expect(dm.text).toContain(`Warden does not call ${host}: it is a loopback address`);
    expect(dm.text).not.toContain(apiKey);
    const thread = stack.slack.messages(ADMIN_CHANNEL).find((m) => m.thread_ts && m.text?.includes('The key was not activated'));
    expect(thread?.text).toContain(`Warden does not call ${host}`);
  });

  test('the health sweep refuses a stored key whose base URL is on 127.0.0.1, and never calls it', async () => {
    // A key stored before base URLs were checked: the sweep must refuse it on every run.
    const apiKey = fakeKey('openai_compatible');
    stack.providers.setKey(apiKey, { kind: 'valid' });
    const { keys } = stack.warden.services;
    const sealedSecretId = await sealKey(stack, apiKey);
    const baseUrl = stack.providers.openaiCompatibleBaseUrl;
    const pending = await keys.createPending({
      requestId: 'key-add:legacy:compat',
      workflowId: 'key-add:legacy:compat',
      provider: 'openai_compatible',
      environment: 'production',
      baseUrl,
      ...stack.warden.services.fingerprints.stamp(apiKey, { sealedSecretId, provider: 'openai_compatible', environment: 'production', baseUrl }),
      maskedKey: maskKey(apiKey),
      sealedSecretId,
      addedBySlackId: ADMIN.id,
    });
    await keys.activate(pending.id, { now: new Date(), graceMs: 0 });

    await executeAsWarden(stack, 'keyHealthSweep', 'test-keyHealthSweep-ssrf', { settings: stack.warden.services.onCallSettings });

    const [check] = await stack.warden.services.keyHealth.recentChecks(pending.id);
    expect(check).toMatchObject({ outcome: 'configuration_error', detail: expect.stringContaining(`Warden does not call ${host}: it is a loopback address`) });
    expect(stack.providers.callCount(apiKey)).toBe(0);
    expect(compatCalls(stack)).toEqual([]);
  });
});

describe('with WARDEN_ALLOWED_PRIVATE_HOSTS naming the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // The fake provider listens on 127.0.0.1, standing in for a self-hosted gateway on a private network.
    stack = await startTestStack({ env: { WARDEN_ALLOWED_PRIVATE_HOSTS: '127.0.0.1' } });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('the same base URL, plain http included, is accepted by the modal and checked against the gateway', async () => {
    const slack = slackDriver(stack);
    const apiKey = fakeKey('openai_compatible');
    stack.providers.setKey(apiKey, { kind: 'valid' });
    await slack.slash(ADMIN.id, 'keys add');
    const res = await slack.submitKeyModal(ADMIN.id, slack.lastOpenedView(), {
      provider: 'openai_compatible',
      environment: 'production',
      apiKey,
      baseUrl: stack.providers.openaiCompatibleBaseUrl,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_action: 'update' });
    const active = await eventually('the key to become active', () => stack.warden.services.keys.findActive('openai_compatible', 'production').then((k) => k ?? undefined));
    expect(active).toMatchObject({ baseUrl: stack.providers.openaiCompatibleBaseUrl, lastCheckOutcome: 'valid' });
    expect(compatCalls(stack)).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/models', apiKeyFingerprint: callFingerprint(apiKey) })]);
  });
});
