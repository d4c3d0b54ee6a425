import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';

/** One sign-in attempt at an application: pending until its login link is consumed. */
@Entity('auth_flows')
@Index('ix_auth_flows_tenant_created', ['tenantId', 'createdAt'])
export class AuthFlowEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_auth_flows_tenant' })
  tenant?: TenantEntity;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_auth_flows_application' })
  application?: ApplicationEntity;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_flows_user' })
  user?: UserEntity;

  /** The login link sent as the (second) factor. */
  @Column('uuid', { name: 'link_id' })
  linkId!: string;

  @Column('varchar', { name: 'auth_flow', length: 32 })
  authFlow!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  /** Set (by the link-consumed trigger) when the link is consumed. */
  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
