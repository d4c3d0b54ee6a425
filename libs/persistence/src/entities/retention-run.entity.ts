import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One purge run of the scheduler: what it looked at, what it deleted, how long it took. */
@Entity('retention_runs')
@Index('ix_retention_runs_started', ['startedAt'])
@Index('ix_retention_runs_purge_started', ['purge', 'startedAt'])
export class RetentionRunEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_retention_runs' })
  id!: string;

  /** The purge definition's name (`expired-links`, `used-links`, `audit-events`, …). */
  @Column('varchar', { length: 64 })
  purge!: string;

  /** hostname:pid of the scheduler replica that ran it. */
  @Column('varchar', { length: 128 })
  replica!: string;

  /** `completed` or `failed`. */
  @Column('varchar', { length: 16 })
  outcome!: string;

  @Column('bigint', { default: 0 })
  examined!: string;

  @Column('bigint', { default: 0 })
  deleted!: string;

  @Column('integer', { default: 0 })
  batches!: number;

  @Column('integer', { name: 'duration_ms' })
  durationMs!: number;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('timestamptz', { name: 'finished_at' })
  finishedAt!: Date;
}
