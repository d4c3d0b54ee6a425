import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: written in the same transaction as the change it announces; the relay in
 * token-service publishes each row to BullMQ with jobId = id and stamps published_at.
 */
@Entity('outbox')
@Index('ix_outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
@Index('ix_outbox_published', ['publishedAt'], { where: 'published_at IS NOT NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'tenant_id', nullable: true })
  tenantId!: string | null;

  @Column('varchar', { length: 32 })
  queue!: string;

  @Column('varchar', { name: 'job_name', length: 64 })
  jobName!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
