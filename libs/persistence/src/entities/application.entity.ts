import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/** An application of a tenant with its authentication flow (Entrust resource rule + flow). */
@Entity('applications')
@Index('uq_applications_tenant_name', ['tenantId', 'name'], { unique: true })
export class ApplicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_applications_tenant' })
  tenant?: TenantEntity;

  @Column('varchar', { length: 200 })
  name!: string;

  /** `magic_link` or `password_then_magic_link`. */
  @Column('varchar', { name: 'auth_flow', length: 32 })
  authFlow!: string;

  /** A disabled application is refused before any factor is checked. */
  @Column('boolean', { default: true })
  enabled!: boolean;

  /** Where the login link of a flow sends the browser; null: the tenant's app origin. */
  @Column('text', { name: 'redirect_url', nullable: true })
  redirectUrl!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
