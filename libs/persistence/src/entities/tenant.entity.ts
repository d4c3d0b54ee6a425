import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('tenants')
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

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
