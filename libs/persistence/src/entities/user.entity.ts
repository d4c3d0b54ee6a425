import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

@Entity('users')
@Index('uq_users_tenant_email', ['tenantId', 'email'], { unique: true })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_users_tenant' })
  tenant?: TenantEntity;

  /** Lower-cased on write; unique per tenant. */
  @Column('varchar', { length: 320 })
  email!: string;

  @Column('varchar', { length: 16, default: 'active' })
  status!: string;

  @Column('jsonb', { default: () => "'{}'" })
  attributes!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
