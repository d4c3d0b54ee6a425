import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

export type ConsoleRole = 'admin' | 'viewer';

/** A person who signs in to the admin console of one tenant (not one of the tenant's end users). */
@Entity('console_users')
@Index('uq_console_users_tenant_email', ['tenantId', 'email'], { unique: true })
@Index('ix_console_users_tenant_created', ['tenantId', 'createdAt', 'id'])
export class ConsoleUserEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_console_users' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_console_users_tenant' })
  tenant?: TenantEntity;

  /** Lower-cased on the way in. */
  @Column('varchar', { length: 320 })
  email!: string;

  /** admin | viewer (checked by the service; viewers get read-only scopes). */
  @Column('varchar', { length: 16 })
  role!: ConsoleRole;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
