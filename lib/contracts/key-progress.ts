import type { KeyEnvironment, Provider } from './providers';

export type StepState = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface ProgressStep {
  label: string;
  state: StepState;
  detail?: string;
  /** ISO time the step last changed. */
  at?: string;
}

/** Everything a key thread message shows; rendered by lib/slack/blocks. Never holds a secret. */
export interface KeyProgress {
  operation: 'add' | 'rotate' | 'revoke';
  provider: Provider;
  environment: KeyEnvironment;
  actorSlackId: string;
  maskedKey?: string;
  fingerprint?: string;
  steps: ProgressStep[];
  outcome: 'in_progress' | 'succeeded' | 'failed';
  summary?: string;
  runUrl: string;
}
