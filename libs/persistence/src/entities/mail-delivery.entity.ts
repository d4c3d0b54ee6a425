import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MagicLinkEntity } from './magic-link.entity';

export type MailDeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

/**
 * One email for one link. The token travels sealed (AES-GCM, key derived from the pepper) until the
 * send succeeds or fails for good, then `sealed_token` is cleared. A send is claimed here
 * (status 'sending', claimed_at) before the provider is called.
 */
@Entity('mail_deliveries')
@Index('ix_mail_deliveries_tenant_created', ['tenantId', 'createdAt'])
@Index('ix_mail_deliveries_link', ['linkId'])
@Index('ix_mail_deliveries_created', ['createdAt'])
export class MailDeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'link_id' })
  linkId!: string;

  @ManyToOne(() => MagicLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'fk_mail_deliveries_link' })
  link?: MagicLinkEntity;

  /** An email address, or an E.164 number when `channel` is sms. */
  @Column('varchar', { name: 'to_address', length: 320 })
  toAddress!: string;

  @Column('varchar', { length: 8, default: 'email' })
  channel!: string;

  @Column('varchar', { length: 16, default: 'queued' })
  status!: MailDeliveryStatus;

  @Column('bytea', { name: 'sealed_token', nullable: true })
  sealedToken!: Buffer | null;

  /** The provider's latest report (delivered, bounce, dropped, deferred, open, click). */
  @Column('varchar', { name: 'last_event', length: 32, nullable: true })
  lastEvent!: string | null;

  @Column('timestamptz', { name: 'last_event_at', nullable: true })
  lastEventAt!: Date | null;

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

  @Column('varchar', { name: 'provider_message_id', length: 255, nullable: true })
  providerMessageId!: string | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
