import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/** A tenant's override of the default email of one link type in one language (Mustache, validated on save). */
@Entity('mail_templates')
export class MailTemplateEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'pk_mail_templates' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_mail_templates_tenant' })
  tenant?: TenantEntity;

  @PrimaryColumn('varchar', { length: 32, primaryKeyConstraintName: 'pk_mail_templates' })
  type!: string;

  @PrimaryColumn('varchar', { length: 8, primaryKeyConstraintName: 'pk_mail_templates' })
  language!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  html!: string;

  @Column('text')
  text!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
