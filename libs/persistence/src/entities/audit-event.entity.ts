import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what: every create, send, consume, failure, revoke, user and policy change. Listed newest
 * first with a (created_at, id) cursor, optionally narrowed to one user or one subject (a link).
 */
@Entity('audit_events')
@Index('ix_audit_events_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('ix_audit_events_tenant_user', ['tenantId', 'userId', 'createdAt', 'id'])
@Index('ix_audit_events_tenant_subject', ['tenantId', 'subjectId', 'createdAt', 'id'])
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

  /** The end user the event concerns (a link's user, or the user itself), when there is one. */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  ip!: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
