import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** A short-lived grant a used password_reset link was exchanged for; stored hashed, used once. */
@Entity('password_reset_grants')
@Index('ix_password_reset_grants_expires', ['expiresAt'])
export class PasswordResetGrantEntity {
  @PrimaryColumn('bytea', { name: 'grant_hash' })
  grantHash!: Buffer;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_password_reset_grants_user' })
  user?: UserEntity;

  @Column('uuid', { name: 'link_id' })
  linkId!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
