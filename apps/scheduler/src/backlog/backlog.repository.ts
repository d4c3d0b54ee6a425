import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Counting stops here: past it the number only says "far behind", and a scrape must stay cheap. */
export const OUTBOX_BACKLOG_CAP = 100_000;

export interface OutboxBacklog {
  /** Unpublished rows, at most OUTBOX_BACKLOG_CAP. */
  rows: number;
  /** Seconds since the oldest unpublished row was written; 0 when none is waiting. */
  oldestAgeSeconds: number;
}

/** The outbox rows the relay has not published yet: both reads use the partial index ix_outbox_unpublished. */
@Injectable()
export class BacklogRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async outbox(): Promise<OutboxBacklog> {
    const [r] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT $1) s)::int AS rows,
              coalesce((SELECT extract(epoch FROM now() - created_at) FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1), 0)::float8 AS age`,
      [OUTBOX_BACKLOG_CAP],
    );
    return { rows: Number(r.rows), oldestAgeSeconds: Math.max(0, Number(r.age)) };
  }
}
