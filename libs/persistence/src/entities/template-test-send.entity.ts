import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

export type TemplateTestSendStatus = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * One test email of a template (POST /v1/templates/{type}/{language}/test-send). The mail job
 * carries only its id; the rows of the last hour are the tenant's test-send rate limit.
 */
@Entity('template_test_sends')
@Index('ix_template_test_sends_tenant_created', ['tenantId', 'createdAt'])
@Index('ix_template_test_sends_created', ['createdAt'])
export class TemplateTestSendEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_template_test_sends' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_template_test_sends_tenant' })
  tenant?: TenantEntity;

  @Column('varchar', { length: 32 })
  type!: string;

  @Column('varchar', { length: 8 })
  language!: string;

  @Column('varchar', { name: 'to_address', length: 320 })
  toAddress!: string;

  @Column('varchar', { length: 16, default: 'queued' })
  status!: TemplateTestSendStatus;

  /** The claim's number: fences updates against a worker that took the claim over. */
  @Column('int', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'claimed_at', nullable: true })
  claimedAt!: Date | null;

  /** The queue job and run of the claim: a later run of the same job takes a dead run's claim over at once. */
  @Column('varchar', { name: 'claim_job_id', length: 255, nullable: true })
  claimJobId!: string | null;

  @Column('int', { name: 'claim_job_attempt', nullable: true })
  claimJobAttempt!: number | null;

  /** host:pid of the worker holding the claim, for operators and crash tests. */
  @Column('varchar', { name: 'claimed_by', length: 255, nullable: true })
  claimedBy!: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('varchar', { length: 32, nullable: true })
  provider!: string | null;

  @Column('text', { nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
