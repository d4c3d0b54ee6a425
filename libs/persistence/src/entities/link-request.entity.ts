import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MagicLinkEntity } from './magic-link.entity';
import { TenantEntity } from './tenant.entity';

export type LinkRequestState = 'pending' | 'approved' | 'completed' | 'failed';

/**
 * A sign-in link asked for through the public endpoint (no API key). Exists whether or not the
 * address belongs to a user (`link_id` is then null), so nothing about it tells the two apart.
 * Secrets are stored only as keyed hashes: the 6-digit code, the redirect code and the browser nonce.
 */
@Entity('link_requests')
@Index('ix_link_requests_expires', ['expiresAt'])
@Index('ix_link_requests_link', ['linkId'])
export class LinkRequestEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_link_requests_tenant' })
  tenant?: TenantEntity;

  @Column('uuid', { name: 'link_id', nullable: true })
  linkId!: string | null;

  @ManyToOne(() => MagicLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'fk_link_requests_link' })
  link?: MagicLinkEntity;

  /** HMAC of the lower-cased address: lets support correlate requests without storing the address. */
  @Column('bytea', { name: 'email_hash' })
  emailHash!: Buffer;

  /** PKCE S256 code_challenge: the redirect code and the approval code then need its verifier. */
  @Column('varchar', { name: 'code_challenge', length: 43, nullable: true })
  codeChallenge!: string | null;

  /** Hash of the `__Host-` cookie the hosted request page set in the asking browser. */
  @Column('bytea', { name: 'browser_nonce_hash', nullable: true })
  browserNonceHash!: Buffer | null;

  /** Shown on the asking screen and on the confirm page; not a secret. */
  @Column('varchar', { name: 'match_code', length: 8 })
  matchCode!: string;

  /** Keyed hash of `<id>:<6-digit code>`. */
  @Column('bytea', { name: 'code_hash', nullable: true })
  codeHash!: Buffer | null;

  @Index('uq_link_requests_redirect_code', { unique: true })
  @Column('bytea', { name: 'redirect_code_hash', nullable: true })
  redirectCodeHash!: Buffer | null;

  @Column('int', { name: 'code_attempts', default: 0 })
  codeAttempts!: number;

  @Column('varchar', { length: 16, default: 'pending' })
  state!: LinkRequestState;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
