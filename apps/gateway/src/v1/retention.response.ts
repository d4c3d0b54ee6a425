import type { ListRetentionRunsResponse, RetentionRunView, RetentionSummaryView } from '@sesame/messaging';
import { Int, NestedList, NullableText, OneOf, Text, Timestamp } from '../openapi/schema-props';

const OUTCOMES = ['completed', 'failed'] as const;

export class RetentionRun implements RetentionRunView {
  @Text({ description: 'A decimal number, as a string.' }) id!: string;
  @Text({ example: 'expired-links' }) purge!: string;
  @Text({ description: 'hostname:pid:tag of the scheduler replica.' }) replica!: string;
  @OneOf(OUTCOMES) outcome!: 'completed' | 'failed';
  @Int() examined!: number;
  @Int() deleted!: number;
  @Int() batches!: number;
  @Int() duration_ms!: number;
  @NullableText() error!: string | null;
  @Timestamp() started_at!: string;
  @Timestamp() finished_at!: string;
}

export class RetentionSummary implements RetentionSummaryView {
  @Text() purge!: string;
  @Int() runs!: number;
  @Int() failed_runs!: number;
  @Int() deleted!: number;
  @Int() max_duration_ms!: number;
  @Timestamp() last_run_at!: string;
  @OneOf(OUTCOMES) last_outcome!: 'completed' | 'failed';
}

export class RetentionRuns implements ListRetentionRunsResponse {
  @NestedList(() => RetentionRun, { description: 'Newest first.' }) data!: RetentionRun[];
  @NestedList(() => RetentionSummary, { description: 'Per purge over the last 24 hours.' }) last_24h!: RetentionSummary[];
}
