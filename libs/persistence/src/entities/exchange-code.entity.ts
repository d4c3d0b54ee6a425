import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MagicLinkEntity } from './magic-link.entity';

/** One-time code handed to the app's redirect after a hosted-page consume; stored hashed, 60 s. */
@Entity('exchange_codes')
@Index('ix_exchange_codes_expires', ['expiresAt'])
@Index('ix_exchange_codes_link', ['linkId'])
@Index('ix_exchange_codes_used', ['usedAt'], { where: 'used_at IS NOT NULL' })
export class ExchangeCodeEntity {
  @PrimaryColumn('bytea', { name: 'code_hash' })
  codeHash!: Buffer;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'link_id' })
  linkId!: string;

  @ManyToOne(() => MagicLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'fk_exchange_codes_link' })
  link?: MagicLinkEntity;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
