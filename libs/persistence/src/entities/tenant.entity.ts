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

  @Column('varchar', { name: 'app_origin', length: 2048 })
  appOrigin!: string;

  @Column('boolean', { name: 'redirect_enabled', default: false })
  redirectEnabled!: boolean;

  @Column('text', { name: 'allowed_redirect_urls', array: true, default: () => "'{}'" })
  allowedRedirectUrls!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
