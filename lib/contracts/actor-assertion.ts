// Plain data shared by the bot, workflows and activities. No imports: workflow code bundles this.

/**
 * Proof of who asked for a workflow start, signal or update. The bot's workflow client mints one per call
 * (an HMAC under a key derived from the master key); activities that act on someone's behalf verify it
 * before acting. Anyone who can reach the Temporal frontend can send any payload, but not a valid MAC.
 */
export interface ActorAssertion {
  v: 1;
  /** The Slack user id of the person, or `warden` for Warden's own schedules and child workflows. */
  actor: string;
  /** What it authorises: `start:<workflow type>`, `signal:<name>` or `update:<name>`. */
  action: string;
  /** The one workflow it is good for (for a schedule: the id its runs start with). */
  workflowId: string;
  /** sha256 (hex) of the canonical JSON of the arguments, with the assertion itself left out. */
  argsDigest: string;
  /** ISO time it was minted; too old (WARDEN_ACTOR_ASSERTION_MAX_AGE) and it is refused. */
  issuedAt: string;
  /** Which master key the HMAC key derives from, so assertions survive a master-key rotation. */
  kekId: string;
  kekVersion: number;
  /**
   * `schedule`: minted once for a Temporal Schedule whose runs get ids `<workflowId>-<time>`; such an
   * assertion names Warden itself, never a person, and does not age.
   */
  scope?: 'schedule';
  /** Set when Warden minted it on a person's behalf inside another workflow (that workflow's id). */
  via?: string;
  /** base64url HMAC-SHA256 over every other field. */
  mac: string;
}

/** Arguments that carry their proof. */
export type Signed<T> = T & { assertion: ActorAssertion };
/** The same arguments as the caller writes them, before the workflow client signs them. */
export type Unsigned<T> = Omit<T, 'assertion'>;

/**
 * A signed start, signal or update as a workflow received it, handed to the activity that verifies it.
 * `receivedAt` is workflow time (stamped by the Temporal server), so a worker outage does not age a request
 * and a replayed assertion is measured from when it was replayed.
 */
export interface ActorProof<T extends object = object> {
  signed: Signed<T>;
  action: string;
  receivedAt: string;
}

/** The actor name for Warden's own schedules and child workflows. */
export const SYSTEM_ACTOR = 'warden';

export const assertedAction = {
  start: (workflowType: string) => `start:${workflowType}`,
  signal: (name: string) => `signal:${name}`,
  update: (name: string) => `update:${name}`,
};
