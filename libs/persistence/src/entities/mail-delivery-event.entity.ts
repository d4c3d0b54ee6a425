import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MailDeliveryEntity } from './mail-delivery.entity';

/**
 * What the provider reported about a delivery (delivered, bounce, dropped, deferred, open,
 * click). A provider's retry of the same event is stored once: by its event id, and by
 * delivery + event + time.
 */
@Entity('mail_delivery_events')
@Index('uq_mail_delivery_events_provider_id', ['providerEventId'], { unique: true, where: 'provider_event_id IS NOT NULL' })
@Index('uq_mail_delivery_events_natural', ['deliveryId', 'event', 'occurredAt'], { unique: true })
@Index('ix_mail_delivery_events_tenant_delivery', ['tenantId', 'deliveryId', 'occurredAt'])
export class MailDeliveryEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_mail_delivery_events' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @ManyToOne(() => MailDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_mail_delivery_events_delivery' })
  delivery?: MailDeliveryEntity;

  @Column('varchar', { length: 32 })
  event!: string;

  @Column('varchar', { name: 'provider_event_id', length: 255, nullable: true })
  providerEventId!: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  /** Reason, status or response the provider gave; never the message. */
  @Column('jsonb', { default: () => "'{}'" })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
