import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('tenants')
@Index('ix_tenants_created', ['createdAt', 'id'])
@Index('ix_tenants_deleted', ['deletedAt'], { where: 'deleted_at IS NOT NULL' })
export class TenantEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('uq_tenants_slug', { unique: true })
  @Column('varchar', { length: 63 })
  slug!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  /** The tenant's policy document (see libs/domain/src/policy); read it with resolvePolicy. */
  @Column('jsonb', { default: () => "'{}'" })
  policy!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** A disabled tenant's keys, public endpoints and links are refused (403 `tenant_disabled`). */
  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  /** Deleted (and so disabled): the scheduler purges the tenant and its data after DELETED_TENANT_RETENTION_HOURS. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
