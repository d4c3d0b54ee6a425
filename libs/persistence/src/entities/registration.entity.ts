import type { ContextData } from '@sesame/domain';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';

/**
 * A magic-link email registration (Auth Armor model). The user is created when the token is
 * validated (`new_user`), or exists already and gains the address (`existing_user`). Only the
 * token's keyed hash is kept; `sealed_token` holds it encrypted until the email is sent.
 */
@Entity('registrations')
@Index('ix_registrations_tenant_email', ['tenantId', 'email'])
@Index('ix_registrations_expires', ['expiresAt'])
export class RegistrationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_registrations_tenant' })
  tenant?: TenantEntity;

  /** `new_user` or `existing_user`. */
  @Column('varchar', { length: 16 })
  kind!: string;

  @Column('varchar', { length: 320 })
  email!: string;

  /** The existing user; for `new_user`, the user created at validation. */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_registrations_user' })
  user?: UserEntity;

  @Index('uq_registrations_token_hash', { unique: true })
  @Column('bytea', { name: 'token_hash' })
  tokenHash!: Buffer;

  @Column('bytea', { name: 'sealed_token', nullable: true })
  sealedToken!: Buffer | null;

  @Column('text', { name: 'redirect_url' })
  redirectUrl!: string;

  @Column('varchar', { name: 'action_name', length: 100, nullable: true })
  actionName!: string | null;

  @Column('varchar', { name: 'short_msg', length: 500, nullable: true })
  shortMsg!: string | null;

  @Column('jsonb', { name: 'context_data', nullable: true })
  contextData!: ContextData | null;

  @Column('varchar', { length: 16, nullable: true })
  language!: string | null;

  @Column('varchar', { name: 'bind_ip', length: 64, nullable: true })
  bindIp!: string | null;

  @Column('text', { name: 'bind_user_agent', nullable: true })
  bindUserAgent!: string | null;

  @Column('uuid', { name: 'api_key_id', nullable: true })
  apiKeyId!: string | null;

  /** `queued`, `sending`, `sent`, `failed` or `skipped`. */
  @Column('varchar', { name: 'mail_status', length: 16, default: 'queued' })
  mailStatus!: string;

  @Column('integer', { name: 'mail_attempts', default: 0 })
  mailAttempts!: number;

  @Column('timestamptz', { name: 'mail_claimed_at', nullable: true })
  mailClaimedAt!: Date | null;

  /** The queue job and run of the claim: a later run of the same job takes a dead run's claim over at once. */
  @Column('varchar', { name: 'mail_claim_job_id', length: 255, nullable: true })
  mailClaimJobId!: string | null;

  @Column('int', { name: 'mail_claim_job_attempt', nullable: true })
  mailClaimJobAttempt!: number | null;

  /** host:pid of the worker holding the claim, for operators and crash tests. */
  @Column('varchar', { name: 'mail_claimed_by', length: 255, nullable: true })
  mailClaimedBy!: string | null;

  @Column('text', { name: 'mail_error', nullable: true })
  mailError!: string | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'validated_at', nullable: true })
  validatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
