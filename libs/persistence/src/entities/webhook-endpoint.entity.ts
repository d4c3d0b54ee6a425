import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/** The signing secret is kept sealed (it must be readable to sign, so it cannot be hashed). */
@Entity('webhook_endpoints')
@Index('ix_webhook_endpoints_tenant', ['tenantId'])
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_webhook_endpoints_tenant' })
  tenant?: TenantEntity;

  @Column('text')
  url!: string;

  @Column('varchar', { length: 500, nullable: true })
  description!: string | null;

  /** Event types, or '*' for all. */
  @Column('text', { array: true })
  events!: string[];

  @Column('bytea', { name: 'sealed_secret' })
  sealedSecret!: Buffer;

  /** After a rotation the old secret signs beside the new one until previous_secret_expires_at. */
  @Column('bytea', { name: 'previous_sealed_secret', nullable: true })
  previousSealedSecret!: Buffer | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column('boolean', { default: true })
  enabled!: boolean;

  /** Since when every attempt has failed (null after any success); 5 days of it disables the endpoint. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince!: Date | null;

  /** `gone` (410), `failing` (5 days of failures) or `manual`; null while enabled. */
  @Column('varchar', { name: 'disabled_reason', length: 32, nullable: true })
  disabledReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
