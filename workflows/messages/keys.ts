import { defineQuery } from '@temporalio/workflow';
import type { KeyProgress } from '../../lib/contracts';

/** The current step list of a key workflow, as its Slack thread shows it. */
export const keyProgressQuery = defineQuery<KeyProgress>('keyProgress');
