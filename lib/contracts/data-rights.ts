// Data rights (issue 10): what the retention workflow and its schedule exchange. Plain data, no imports
// beyond contracts, so workflow code can use it.

export interface RetentionRunInput {
  /** Where the run posts what it purged; no post when empty (Slack not configured). */
  channel: string;
}

export interface RetentionTableCounts {
  table: string;
  recordType: string;
  before: string;
  deleted: number;
  anonymised: number;
  keptLegalHold: number;
  /** Absent from runs recorded before it was counted. */
  keptReferenced?: number;
}

export interface RetentionRunSummary {
  at: string;
  tables: RetentionTableCounts[];
  /** Warden's own leftovers deleted by the run (absent from runs recorded before it purged them). */
  leftoverSecrets?: { keySubmissions: number; dsarSubjects: number };
}

export const retentionScheduleId = (taskQueue: string) => `retention-schedule:${taskQueue}`;
export const retentionWorkflowId = (taskQueue: string) => `retention-enforcement:${taskQueue}`;
