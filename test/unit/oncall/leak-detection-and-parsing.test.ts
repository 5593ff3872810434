import { detectLeakedKeys } from '../../../bot/inputs/leaked-key-detector';
import { parseWardenCommand } from '../../../bot/inputs/warden-command';
import { randomBytes } from 'node:crypto';
import { createKeyFingerprinter, createLocalKms, type KeyFingerprinter } from '../../../lib/crypto';
import { sharedKeyFindings } from '../../../lib/keys/key-findings';
import { runbookMessage } from '../../../lib/slack/blocks/runbook';
import { fakeKey } from '../../helpers/key-workflows';

describe('detectLeakedKeys', () => {
  let fingerprints: KeyFingerprinter;
  beforeAll(async () => {
    fingerprints = await createKeyFingerprinter(createLocalKms({ current: { version: 1, key: randomBytes(32) } }));
  });

  test('tells providers apart by shape: sk-ant- is Anthropic, sk- and sk-proj- OpenAI, AIza Gemini', () => {
    const anthropic = fakeKey('anthropic');
    const openai = fakeKey('openai');
    const legacy = `sk-${'a1B2'.repeat(12)}`;
    const gemini = fakeKey('gemini');
    const found = detectLeakedKeys(`a ${anthropic} b ${openai}, c "${legacy}" d <${gemini}>`, fingerprints);
    expect(found.map((f) => [f.provider, f.fingerprint])).toEqual([
      ['anthropic', fingerprints.fingerprint(anthropic)],
      ['openai', fingerprints.fingerprint(openai)],
      ['openai', fingerprints.fingerprint(legacy)],
      ['gemini', fingerprints.fingerprint(gemini)],
    ]);
  });

  test('answers masked only, once per key, and nothing for text without a key', () => {
    const key = fakeKey('openai');
    const found = detectLeakedKeys(`${key} and again ${key}`, fingerprints);
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain(key);
    expect(found[0]!.masked).toBe(`sk-proj-…${key.slice(-4)}`);
    expect(detectLeakedKeys('sk-short and AIza-too-short and plain words', fingerprints)).toEqual([]);
  });
});

describe('/warden incident', () => {
  test('key-leak takes a provider and an optional environment (production when left out)', () => {
    expect(parseWardenCommand('incident key-leak claude staging')).toEqual({
      ok: true,
      command: { kind: 'incident.key-leak', provider: 'anthropic', environment: 'staging', environmentGiven: true },
    });
    expect(parseWardenCommand('incident key-leak openai')).toEqual({
      ok: true,
      command: { kind: 'incident.key-leak', provider: 'openai', environment: 'production', environmentGiven: false },
    });
  });

  test('bad input says what is wrong', () => {
    const bad = (text: string) => {
      const parsed = parseWardenCommand(text);
      return parsed.ok ? 'parsed' : parsed.message;
    };
    expect(bad('incident key-leak mistral')).toContain('provider must be one of');
    expect(bad('incident key-leak openai dev')).toContain('Usage: `/warden incident key-leak <provider> [environment]`');
    expect(bad('incident cancel 42')).toContain('looks like `inc-1a2b3c4d`');
    expect(bad('incident')).toContain('Usage:');
    expect(parseWardenCommand('incident cancel INC-0A1B2C3D')).toEqual({ ok: true, command: { kind: 'incident.cancel', incidentId: 'inc-0a1b2c3d' } });
  });
});

describe('sharedKeyFindings', () => {
  const key = (environment: 'production' | 'staging', fingerprint: string, status = 'active') => ({ provider: 'openai' as const, environment, status, fingerprint });

  test('reports a provider whose production and staging keys are the same key', () => {
    expect(sharedKeyFindings([key('production', 'fp_a'), key('staging', 'fp_a')])).toEqual([
      'openai uses one key (fp_a) for both production and staging; give each environment its own key.',
    ]);
  });

  test('separate keys, or a revoked twin, are not a finding', () => {
    expect(sharedKeyFindings([key('production', 'fp_a'), key('staging', 'fp_b')])).toEqual([]);
    expect(sharedKeyFindings([key('production', 'fp_a'), key('staging', 'fp_a', 'revoked')])).toEqual([]);
  });
});

describe('runbook messages', () => {
  test('the all-clear lists every step with who and when', () => {
    const { text } = runbookMessage({
      kind: 'all_clear',
      incidentId: 'inc-0a1b2c3d',
      timeline: [
        { step: 'opened', actor: 'U1', at: '2026-11-23T10:00:00.000Z' },
        { step: 'contain', actor: 'warden', at: '2026-11-23T10:00:01.000Z', detail: 'sk-…abcd (fp_1)' },
        { step: 'revoke_at_provider', actor: 'U2', at: '2026-11-23T10:20:00.000Z' },
      ],
    });
    expect(text).toContain('• 2026-11-23 10:00:00 UTC · Incident opened · <@U1>');
    expect(text).toContain('· Warden — sk-…abcd (fp_1)');
    expect(text).toContain('10:20:00 UTC · Leaked key revoked at the provider (confirmed) · <@U2>');
  });

  test('a failed verification offers a retry; an OpenAI-compatible checklist names no console link', () => {
    const failed = runbookMessage({ kind: 'verify_result', incidentId: 'inc-0a1b2c3d', ok: false, detail: 'Quota exhausted.', model: 'gpt-4o-mini', latencyMs: 12, maskedKey: 'sk-…abcd' });
    expect(JSON.stringify(failed.blocks)).toContain('warden_runbook_retry_verify');
    expect(failed.text).toContain('The incident stays open');
    const checklist = runbookMessage({ kind: 'revoke_checklist', incidentId: 'inc-0a1b2c3d', provider: 'openai_compatible', maskedKey: null, fingerprint: null });
    expect(checklist.text).toContain("the OpenAI-compatible host's console");
  });
});
