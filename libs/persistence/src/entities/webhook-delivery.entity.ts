import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event for one endpoint. `id` is the `webhook-id`, the same on every attempt. */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_event_endpoint', ['eventId', 'endpointId'], { unique: true })
@Index('ix_webhook_deliveries_endpoint_created', ['endpointId', 'createdAt'])
@Index('ix_webhook_deliveries_created', ['createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryColumn('varchar', { length: 64 })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint?: WebhookEndpointEntity;

  /** The outbox row id of the event, so a re-run fan-out creates nothing twice. */
  @Column('varchar', { name: 'event_id', length: 64 })
  eventId!: string;

  @Column('varchar', { name: 'event_type', length: 64 })
  eventType!: string;

  /** The exact JSON body sent on every attempt. */
  @Column('text')
  body!: string;

  @Column('varchar', { length: 16, default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('int', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('int', { name: 'last_latency_ms', nullable: true })
  lastLatencyMs!: number | null;

  /** The first 1 KB of the last response body, for the delivery log. */
  @Column('text', { name: 'last_response_body', nullable: true })
  lastResponseBody!: string | null;

  /** How often the delivery was replayed (POST .../replay); it keeps its webhook-id. */
  @Column('int', { default: 0 })
  replays!: number;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
