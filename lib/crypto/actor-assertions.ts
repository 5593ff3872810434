import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ActorAssertion } from '../contracts/actor-assertion';
import { canonicalJson } from '../encoding/canonical-json';
import type { KekRef, KeyEncryptionService } from './kms';

// Its own HKDF purpose: the assertion key can never decrypt anything, and nothing else can mint assertions.
const PURPOSE = 'actor-assertion';
// Clocks of the bot and of the Temporal server differ a little; more than this in the future is forged.
const MAX_FUTURE_SKEW_MS = 60_000;

export interface AssertionRequest {
  actor: string;
  action: string;
  workflowId: string;
  /** The arguments as they will be sent (any `assertion` member is left out of the digest). */
  args: object;
  via?: string;
  scope?: 'schedule';
}

export interface AssertionCheck {
  action: string;
  workflowId: string;
  args: object;
  /** When the workflow received the start, signal or update (workflow time). */
  receivedAt: Date;
}

export type AssertionVerdict = { ok: true; actor: string; via?: string } | { ok: false; reason: string };

export interface ActorAssertions {
  sign(request: AssertionRequest): Promise<ActorAssertion>;
  verify(assertion: unknown, check: AssertionCheck): Promise<AssertionVerdict>;
}

/** sha256 of the canonical JSON of the arguments, without their assertion. */
export function argsDigest(args: object): string {
  const { assertion: _ignored, ...rest } = args as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/**
 * Mints and checks actor assertions. The HMAC key derives from the master key (HKDF, its own purpose) and
 * follows its versions: an assertion names the version it was made under, so a rotation does not break
 * requests in flight, and a retired version stops verifying once it leaves the configuration.
 */
export function createActorAssertions(kms: KeyEncryptionService, opts: { maxAgeMs: number; now?: () => Date }): ActorAssertions {
  const now = opts.now ?? (() => new Date());
  const keys = new Map<string, Promise<Buffer>>();
  const keyFor = (ref: KekRef) => {
    const id = `${ref.kekId}|${ref.kekVersion}`;
    let key = keys.get(id);
    if (!key) {
      key = kms.deriveKey(PURPOSE, ref);
      key.catch(() => keys.delete(id));
      keys.set(id, key);
    }
    return key;
  };

  return {
    async sign(r) {
      const ref = kms.current();
      const unsigned: Omit<ActorAssertion, 'mac'> = {
        v: 1,
        actor: r.actor,
        action: r.action,
        workflowId: r.workflowId,
        argsDigest: argsDigest(r.args),
        issuedAt: now().toISOString(),
        kekId: ref.kekId,
        kekVersion: ref.kekVersion,
        ...(r.scope ? { scope: r.scope } : {}),
        ...(r.via ? { via: r.via } : {}),
      };
      return { ...unsigned, mac: mac(await keyFor(ref), unsigned) };
    },

    async verify(raw, check) {
      if (!isAssertionShape(raw)) return { ok: false, reason: 'no actor assertion' };
      const { mac: given, ...unsigned } = raw;
      let key: Buffer;
      try {
        key = await keyFor({ kekId: raw.kekId, kekVersion: raw.kekVersion });
      } catch {
        return { ok: false, reason: `signed under master key version ${raw.kekVersion}, which is not configured` };
      }
      const expected = Buffer.from(mac(key, unsigned), 'base64url');
      const presented = Buffer.from(given, 'base64url');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'forged actor assertion (bad MAC)' };
      if (raw.action !== check.action) return { ok: false, reason: `assertion is for ${raw.action}, not ${check.action}` };
      if (!workflowMatches(raw, check.workflowId)) return { ok: false, reason: `assertion is for workflow ${raw.workflowId}, not ${check.workflowId}` };
      if (raw.argsDigest !== argsDigest(check.args)) return { ok: false, reason: 'the arguments differ from the ones that were signed' };
      if (raw.scope === 'schedule') {
        // A schedule's assertion is minted once, when the schedule is written, and is only ever Warden's own.
        return raw.actor === 'warden' ? { ok: true, actor: raw.actor } : { ok: false, reason: 'a schedule assertion must name Warden' };
      }
      const issued = Date.parse(raw.issuedAt);
      if (!Number.isFinite(issued)) return { ok: false, reason: 'unreadable issue time' };
      const received = check.receivedAt.getTime();
      if (issued - received > MAX_FUTURE_SKEW_MS) return { ok: false, reason: 'issued in the future' };
      if (received - issued > opts.maxAgeMs) return { ok: false, reason: `assertion older than ${Math.round(opts.maxAgeMs / 1000)} s when it arrived` };
      return { ok: true, actor: raw.actor, ...(raw.via ? { via: raw.via } : {}) };
    },
  };
}

function mac(key: Buffer, unsigned: Omit<ActorAssertion, 'mac'>): string {
  return createHmac('sha256', key).update(canonicalJson(unsigned), 'utf8').digest('base64url');
}

function workflowMatches(a: ActorAssertion, workflowId: string): boolean {
  if (a.workflowId === workflowId) return true;
  // Temporal names a scheduled run `<action workflow id>-<scheduled time>`.
  return a.scope === 'schedule' && workflowId.startsWith(`${a.workflowId}-`);
}

function isAssertionShape(raw: unknown): raw is ActorAssertion {
  if (!raw || typeof raw !== 'object') return false;
  const a = raw as Record<string, unknown>;
  return (
    a.v === 1 &&
    ['actor', 'action', 'workflowId', 'argsDigest', 'issuedAt', 'kekId', 'mac'].every((k) => typeof a[k] === 'string') &&
    typeof a.kekVersion === 'number' &&
    (a.scope === undefined || a.scope === 'schedule') &&
    (a.via === undefined || typeof a.via === 'string')
  );
}
