import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/**
 * The transport a tenant's messages of one channel go through (email: sendgrid, smtp or outbox;
 * sms: twilio or outbox). Non-secret settings in `settings`; API keys and passwords sealed.
 */
@Entity('mail_providers')
export class MailProviderEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'pk_mail_providers' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_mail_providers_tenant' })
  tenant?: TenantEntity;

  @PrimaryColumn('varchar', { length: 8, primaryKeyConstraintName: 'pk_mail_providers' })
  channel!: string;

  @Column('varchar', { length: 16 })
  kind!: string;

  @Column('jsonb', { default: () => "'{}'" })
  settings!: Record<string, unknown>;

  @Column('bytea', { name: 'sealed_credentials', nullable: true })
  sealedCredentials!: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
