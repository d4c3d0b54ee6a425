import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What the operator (root key) did to tenants. Deliberately without a foreign key to tenants:
 * the record of a tenant's deletion must outlive the purge of the tenant and its audit_events.
 */
@Entity('operator_audit_events')
@Index('ix_operator_audit_events_tenant_created', ['tenantId', 'createdAt'])
@Index('ix_operator_audit_events_created', ['createdAt'])
export class OperatorAuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_operator_audit_events' })
  id!: string;

  @Column('varchar', { length: 64 })
  action!: string;

  @Column('uuid', { name: 'tenant_id', nullable: true })
  tenantId!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  ip!: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
