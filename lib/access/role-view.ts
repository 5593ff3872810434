import type { Role } from '../contracts';
import type { Logger } from '../log';
import type { RoleLookup } from './org-admin';

export interface GrantInForce {
  slackUserId: string;
  role: Role;
  startsAt: Date;
  expiresAt: Date | null;
}

export interface RoleViewDeps {
  /** Every approved grant not yet ended (the database is the authority; this is a copy). */
  loadGrants(): Promise<GrantInForce[]>;
  /** Tells the view that grants changed (PostgreSQL NOTIFY from the role_grants trigger); returns stop(). */
  subscribe?(onChange: () => void): Promise<() => Promise<void>>;
  /** A copy older than this is reloaded in the background even without a notification. */
  ttlMs: number;
  now?: () => number;
  logger: Logger;
}

export interface RoleView extends RoleLookup {
  /** Loads the first copy and starts listening for changes; call before serving. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Who holds which role, in memory, for the bot's checks that must answer before Slack's 3 s ack: a slow
 * database must never cost an ack. It is only fast feedback: every activity checks the database again, as
 * the authority. Kept current by a notification on every change to role grants, with a TTL as the safety net
 * when a notification is missed (several bot replicas each keep their own copy the same way). Expiry needs
 * no change at all: an end time is compared at the moment of the question.
 */
export function createRoleView(d: RoleViewDeps): RoleView {
  const now = d.now ?? Date.now;
  let byMember = new Map<string, GrantInForce[]>();
  let loadedAt: number | null = null;
  let loading: Promise<void> | null = null;
  let stale = false;
  let unsubscribe: (() => Promise<void>) | null = null;

  async function load(): Promise<void> {
    const started = now();
    const grants = await d.loadGrants();
    const next = new Map<string, GrantInForce[]>();
    for (const g of grants) next.set(g.slackUserId, [...(next.get(g.slackUserId) ?? []), g]);
    byMember = next;
    loadedAt = started;
  }

  /** One load at a time; a change notified during a load triggers one more afterwards. */
  function refresh(): Promise<void> {
    if (loading) {
      stale = true;
      return loading;
    }
    loading = load()
      .catch((err: unknown) => d.logger.warn('Could not refresh the role view; answering from the last copy', { err }))
      .finally(() => {
        loading = null;
        if (stale) {
          stale = false;
          void refresh();
        }
      });
    return loading;
  }

  return {
    async start() {
      await load();
      if (d.subscribe) unsubscribe = await d.subscribe(() => void refresh());
    },
    async stop() {
      await unsubscribe?.();
      unsubscribe = null;
    },
    async activeRoles(slackUserId, at) {
      if (loadedAt === null) await refresh();
      else if (now() - loadedAt > d.ttlMs) void refresh();
      const t = at.getTime();
      const held = (byMember.get(slackUserId) ?? []).filter((g) => g.startsAt.getTime() <= t && (g.expiresAt === null || g.expiresAt.getTime() > t));
      return [...new Set(held.map((g) => g.role))].sort();
    },
  };
}
