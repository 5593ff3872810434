import { defineQuery } from '@temporalio/workflow';
import type { IngestionProgressView } from '../../lib/contracts';

/** An ingestion's progress and per-item outcomes, as its Slack thread shows them. */
export const ingestionProgressQuery = defineQuery<IngestionProgressView>('ingestionProgress');
