import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/** API keys are stored as SHA-256 of the key (high-entropy secret); the key itself is shown once. */
@Entity('api_keys')
@Index('ix_api_keys_tenant', ['tenantId', 'createdAt'])
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_api_keys_tenant' })
  tenant?: TenantEntity;

  @Column('varchar', { length: 200 })
  name!: string;

  @Column('varchar', { length: 16 })
  prefix!: string;

  @Index('uq_api_keys_key_hash', { unique: true })
  @Column('char', { name: 'key_hash', length: 64 })
  keyHash!: string;

  @Column('text', { array: true })
  scopes!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** Refused from then on: the expiry asked for at creation, or the end of a rotation's overlap. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  /** Written at most once a minute per key (see ApiKeyRepository.resolve), not per request. */
  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  /** The key that created (or rotated into) this one; null for a tenant's first key. */
  @Column('uuid', { name: 'created_by_api_key_id', nullable: true })
  createdByApiKeyId!: string | null;

  /** Set on a key that was rotated: its successor. */
  @Column('uuid', { name: 'rotated_to_api_key_id', nullable: true })
  rotatedToApiKeyId!: string | null;
}
