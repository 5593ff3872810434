import { randomBytes } from 'node:crypto';
import type { FakeSlackFile } from './files';

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  user?: string;
  /** Message metadata as chat.postMessage stored it (event_type, event_payload). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  updates: number;
}

export interface FakeSlackUser {
  id: string;
  email?: string;
  real_name?: string;
  name?: string;
  is_admin?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface OpenedView {
  view_id: string;
  view: any;
  trigger_id: string;
  method: 'views.open' | 'views.push';
}

export type TriggerExchange = 'ok' | 'unknown' | 'expired' | 'exchanged';

// interactivity/handling: "Triggers expire in three seconds… may only be used once".
const TRIGGER_LIFETIME_MS = 3000;
// Message ts values look like Slack's: Unix seconds, a dot, six digits, unique per channel.
const FIRST_TS_MICROS = 1_700_000_000_000_000;

/** What the fake Slack remembers between calls: messages, views, triggers and people. */
export class FakeSlackWorkspace {
  readonly messages: FakeSlackMessage[] = [];
  readonly views = new Map<string, Record<string, unknown>>();
  readonly opened: OpenedView[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  readonly files = new Map<string, FakeSlackFile>();
  /** Set by the server once it listens: file URLs point at it. */
  origin = '';
  readonly botId = 'B0WARDEN01';
  readonly appId = 'A0WARDEN01';
  readonly domain = 'warden-test';
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  private tsCounter = 0;
  private fileCounter = 0;
  private viewCounter = 0;

  constructor(
    readonly teamId: string,
    readonly botUserId: string,
    readonly now: () => number,
  ) {
    this.users.set(botUserId, { id: botUserId, name: 'warden', real_name: 'Warden', is_bot: true });
  }

  nextTs(): string {
    this.tsCounter += 1;
    const micros = FIRST_TS_MICROS + this.tsCounter * 100;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  nextFileId(): string {
    this.fileCounter += 1;
    return `F0${this.fileCounter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  nextViewId(): string {
    this.viewCounter += 1;
    return `V0${this.viewCounter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  nextViewHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(6).toString('base64url').slice(0, 8)}`;
  }

  /** A trigger id shaped like Slack's (`398738663015.47445629121.803a0bc8…`). */
  issueTriggerId(): string {
    const id = `${this.now()}.${randomBytes(5).readUInt32BE(0)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false });
    return id;
  }

  exchangeTrigger(id: unknown): TriggerExchange {
    const trigger = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!trigger) return 'unknown';
    if (trigger.used) return 'exchanged';
    if (this.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return 'expired';
    trigger.used = true;
    return 'ok';
  }

  findMessage(channel: unknown, ts: unknown): FakeSlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  findUserByEmail(email: unknown): FakeSlackUser | undefined {
    const wanted = typeof email === 'string' ? email.toLowerCase() : undefined;
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === wanted);
  }
}
