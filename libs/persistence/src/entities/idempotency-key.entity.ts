import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** `Idempotency-Key` records: a repeat within 24 h returns `response` and creates nothing. */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 255 })
  key!: string;

  /** SHA-256 of the request body: the same key with another body is refused (422). */
  @Column('char', { length: 64 })
  fingerprint!: string;

  @Column('jsonb', { nullable: true })
  response!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
