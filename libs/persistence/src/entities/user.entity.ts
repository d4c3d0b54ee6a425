import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

@Entity('users')
@Index('uq_users_tenant_email', ['tenantId', 'email'], { unique: true })
@Index('ix_users_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('uq_users_tenant_phone', ['tenantId', 'phone'], { unique: true, where: 'phone IS NOT NULL' })
@Check('ck_users_email_or_phone', '"email" IS NOT NULL OR "phone" IS NOT NULL')
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_users_tenant' })
  tenant?: TenantEntity;

  /** Lower-cased on write; unique per tenant. Null only for a user created by phone (Passage). */
  @Column('varchar', { length: 320, nullable: true })
  email!: string | null;

  /** `active` or `disabled`: a disabled user gets no link and cannot use one already sent. */
  @Column('varchar', { length: 16, default: 'active' })
  status!: string;

  /** Free-form; the tenant policy's `users.email_attribute` may name one holding the magic-link address. */
  @Column('jsonb', { default: () => "'{}'" })
  attributes!: Record<string, unknown>;

  /** Where this user's magic links go, over the policy's email attribute; lower-cased. */
  @Column('varchar', { name: 'magic_link_email', length: 320, nullable: true })
  magicLinkEmail!: string | null;

  /** argon2id PHC string; null when the user has no password (magic links only). */
  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  @Column('timestamptz', { name: 'password_changed_at', nullable: true })
  passwordChangedAt!: Date | null;

  /** Set when a verify_email link of the user is consumed (or a registration validated). */
  @Column('timestamptz', { name: 'email_verified_at', nullable: true })
  emailVerifiedAt!: Date | null;

  /** Preferred language of messages (BCP 47), between the request's and the tenant's default. */
  @Column('varchar', { length: 16, nullable: true })
  language!: string | null;

  /** E.164; where sms links go, and an identifier a link request may give instead of email. */
  @Column('varchar', { length: 16, nullable: true })
  phone!: string | null;

  /** Set when a verify_email link made for the sms channel (Passage verify_identifier) is consumed. */
  @Column('timestamptz', { name: 'phone_verified_at', nullable: true })
  phoneVerifiedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
