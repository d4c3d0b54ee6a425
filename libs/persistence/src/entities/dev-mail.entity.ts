import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Messages of the `outbox` mail transport (development): listed at the gateway's /dev/mailbox. */
@Entity('dev_mailbox')
@Index('ix_dev_mailbox_created', ['createdAt'])
export class DevMailEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id', nullable: true })
  tenantId!: string | null;

  @Column('uuid', { name: 'delivery_id', nullable: true })
  deliveryId!: string | null;

  /** `email`, or `sms` (then `to_address` is an E.164 number and only `text` is set). */
  @Column('varchar', { length: 8, default: 'email' })
  channel!: string;

  @Column('varchar', { name: 'to_address', length: 320 })
  toAddress!: string;

  @Column('varchar', { name: 'from_address', length: 320 })
  fromAddress!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  html!: string;

  @Column('text')
  text!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
