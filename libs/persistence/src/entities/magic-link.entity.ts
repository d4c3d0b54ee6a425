import type { ContextData } from '@sesame/domain';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';

/** The token itself is never stored: only HMAC-SHA-256(pepper, token), unique across tenants. */
@Entity('magic_links')
@Index('ix_magic_links_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('ix_magic_links_tenant_user', ['tenantId', 'userId', 'createdAt'])
@Index('ix_magic_links_expiry_live', ['expiresAt'], { where: 'consumed_at IS NULL AND revoked_at IS NULL' })
@Index('ix_magic_links_tenant_consumed', ['tenantId', 'consumedAt'], { where: 'consumed_at IS NOT NULL' })
@Index('ix_magic_links_tenant_revoked', ['tenantId', 'revokedAt'], { where: 'revoked_at IS NOT NULL' })
export class MagicLinkEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_magic_links_tenant' })
  tenant?: TenantEntity;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_magic_links_user' })
  user?: UserEntity;

  @Column('varchar', { length: 32 })
  type!: string;

  @Index('uq_magic_links_token_hash', { unique: true })
  @Column('bytea', { name: 'token_hash' })
  tokenHash!: Buffer;

  @Column('text', { name: 'redirect_url', nullable: true })
  redirectUrl!: string | null;

  @Column('jsonb', { name: 'context_data', nullable: true })
  contextData!: ContextData | null;

  @Column('varchar', { length: 16, nullable: true })
  language!: string | null;

  /** `email` or `sms` (then `phone`, or the user's phone, receives a text message). */
  @Column('varchar', { length: 8, default: 'email' })
  channel!: string;

  /** E.164; the number an sms link is sent to, when the request named one. */
  @Column('varchar', { length: 16, nullable: true })
  phone!: string | null;

  /** Auth Armor `action_name`: the subject becomes "<action_name> at <app name>". */
  @Column('varchar', { name: 'action_name', length: 100, nullable: true })
  actionName!: string | null;

  /** Auth Armor `short_msg`: shown in the message. */
  @Column('varchar', { name: 'short_message', length: 500, nullable: true })
  shortMessage!: string | null;

  @Column('varchar', { name: 'request_ip', length: 64, nullable: true })
  requestIp!: string | null;

  @Column('text', { name: 'request_user_agent', nullable: true })
  requestUserAgent!: string | null;

  /** When set, verification must present the same IP (Auth Armor ip_address binding). */
  @Column('varchar', { name: 'bind_ip', length: 64, nullable: true })
  bindIp!: string | null;

  @Column('text', { name: 'bind_user_agent', nullable: true })
  bindUserAgent!: string | null;

  @Column('uuid', { name: 'api_key_id', nullable: true })
  apiKeyId!: string | null;

  /** The auth flow this login link is the (second) factor of; its consumption completes the flow. */
  @Column('uuid', { name: 'auth_flow_id', nullable: true })
  authFlowId!: string | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'consumed_at', nullable: true })
  consumedAt!: Date | null;

  @Column('varchar', { name: 'consumed_ip', length: 64, nullable: true })
  consumedIp!: string | null;

  @Column('text', { name: 'consumed_user_agent', nullable: true })
  consumedUserAgent!: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
