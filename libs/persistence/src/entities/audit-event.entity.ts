import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what: every create, send, consume, failure, revoke and policy change. */
@Entity('audit_events')
@Index('ix_audit_events_tenant_id', ['tenantId', 'id'])
@Index('ix_audit_events_created', ['createdAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 64 })
  action!: string;

  @Column('uuid', { name: 'actor_api_key_id', nullable: true })
  actorApiKeyId!: string | null;

  @Column('varchar', { name: 'subject_type', length: 32 })
  subjectType!: string;

  @Column('uuid', { name: 'subject_id', nullable: true })
  subjectId!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  ip!: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
