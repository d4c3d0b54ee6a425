import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TokenServiceConfig } from '@sesame/config';
import { generateToken, Sealer, sha256Hex, TokenHasher } from '@sesame/crypto';
import {
  DELIVERY_CHANNELS, isDeliveryChannel, isE164, MAX_ACTION_NAME_LENGTH, MAX_SHORT_MESSAGE_LENGTH, MAX_TTL_SECONDS, MIN_TTL_SECONDS,
  redirectPolicyFor, resolveRedirect, SesameError, supportedLanguage,
} from '@sesame/domain';
import type { CreateLinkRequest, CreateLinkResponse, LinkDetailView, LinkView } from '@sesame/messaging';
import { CONFIG, currentCorrelationId } from '@sesame/observability';
import { TenantCache } from '../shared/tenant-cache';
import { IdempotencyRepository } from './idempotency.repository';
import { LinkCreateRepository, NewLink } from './link-create.repository';
import { LinkDeliveryRepository } from './link-delivery.repository';
import { LinkMetrics } from './link.metrics';
import { toLinkDeliveryView } from './link-delivery-view';
import { LinkQueryRepository } from './link-query.repository';
import { toLinkView } from './link-row';

type Db = Pick<EntityManager, 'query'>;

@Injectable()
export class LinkService {
  constructor(
    @Inject(CONFIG) private readonly config: TokenServiceConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(LinkCreateRepository) private readonly creator: LinkCreateRepository,
    @Inject(LinkQueryRepository) private readonly links: LinkQueryRepository,
    @Inject(LinkDeliveryRepository) private readonly deliveries: LinkDeliveryRepository,
    @Inject(IdempotencyRepository) private readonly idempotency: IdempotencyRepository,
    @Inject(LinkMetrics) private readonly metrics: LinkMetrics,
  ) {}

  async create(req: CreateLinkRequest): Promise<CreateLinkResponse> {
    const { link, url } = await this.prepare(req);
    if (req.idempotencyKey) return this.createIdempotent(req, req.idempotencyKey, link, url);

    const { view, created } = await this.insert(req, link);
    // Only the request that stored this token's hash may hand out its URL: a redelivered request
    // finds the row made by the first delivery, whose token is gone.
    return req.send || !created ? view : { ...view, url };
  }

  /**
   * Creates a link in the caller's transaction, for a user that transaction may just have created
   * (the registration link sent when a user is created). Nothing is returned that holds the token.
   */
  async createInTransaction(m: Db, req: CreateLinkRequest): Promise<LinkView> {
    const { link } = await this.prepare(req);
    const row = await this.createRow(link, m);
    if (!row) throw new SesameError('conflict', 'The link could not be created; retry');
    return toLinkView(row);
  }

  /**
   * For the public sign-in endpoint, in the caller's transaction: the link and its token, or null
   * when the address may not get one (unknown and not to be created, or a disabled user). Nothing
   * distinguishes the two to the caller's caller: it answered before this ran. `ownRedirectUrl` is
   * a page of Sesame itself (the console's callback), chosen here and never by a caller, so the
   * tenant's allow-list does not apply to it.
   */
  async createForSignIn(m: Db, req: CreateLinkRequest, ownRedirectUrl?: string): Promise<{ view: LinkView; token: string } | null> {
    const { link, token } = await this.prepare(req, ownRedirectUrl);
    const row = await this.createRow(link, m);
    return row ? { view: toLinkView(row), token } : null;
  }

  /** The link with its delivery history (GET /v1/magic-links/{id}; the list carries no history). */
  async get(tenantId: string, id: string): Promise<LinkDetailView> {
    const [row, deliveries] = await Promise.all([this.links.findById(tenantId, id), this.deliveries.forLink(tenantId, id)]);
    if (!row) throw new SesameError('not_found', 'Magic link not found');
    return { ...toLinkView(row), deliveries: deliveries.map(toLinkDeliveryView) };
  }

  /** Applies the tenant policy (type enabled, redirect allowed, lifetime bounded) and mints the token. */
  private async prepare(req: CreateLinkRequest, ownRedirectUrl?: string): Promise<{ link: NewLink; url: string; token: string }> {
    if (req.userId && req.email) throw new SesameError('validation_failed', 'Give exactly one of user_id or email');
    if (!req.userId && !req.email && !req.phone) throw new SesameError('validation_failed', 'Give one of user_id, email or phone');
    const channel = req.channel ?? 'email';
    if (!isDeliveryChannel(channel)) throw new SesameError('validation_failed', `channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
    if (req.phone !== undefined && !isE164(req.phone)) {
      throw new SesameError('validation_failed', 'phone must be an E.164 number such as +14155550100');
    }
    if (channel === 'sms' && req.deliverTo) throw new SesameError('validation_failed', 'A delivery email address cannot be chosen for an sms link');
    if (req.deliverTo && !req.userId) throw new SesameError('validation_failed', 'A delivery address can only be chosen for a user_id');
    const { policy } = await this.tenants.get(req.tenantId);
    const typePolicy = policy.links[req.type];
    if (!typePolicy.enabled) throw new SesameError('type_disabled', `${req.type} links are disabled for this tenant`);
    const redirectUrl = ownRedirectUrl ?? resolveRedirect(req.redirectUrl, redirectPolicyFor(policy, req.redirectSurface ?? 'native'));
    const ttlSeconds = req.ttlSeconds ?? typePolicy.ttl_seconds;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
      throw new SesameError('validation_failed', `ttl_seconds must be between ${MIN_TTL_SECONDS} and ${MAX_TTL_SECONDS}`);
    }
    const token = generateToken();
    const link: NewLink = {
      id: req.requestId,
      tenantId: req.tenantId,
      userId: req.userId,
      email: req.email?.toLowerCase(),
      newUserId: randomUUID(),
      createUnknownUser: req.createUnknownUser ?? policy.users.unknown_email === 'create',
      emailAttribute: policy.users.email_attribute,
      deliverTo: req.send && req.deliverTo ? req.deliverTo.toLowerCase() : null,
      type: req.type,
      tokenHash: this.hasher.hash(token),
      redirectUrl,
      contextData: req.contextData ?? null,
      // An unsupported language is dropped (Passage): the user's, then the tenant's default apply.
      language: supportedLanguage(req.language),
      bindIp: req.ipAddress ?? null,
      bindUserAgent: req.userAgent ?? null,
      ttlSeconds,
      channel,
      phone: req.phone ?? null,
      actionName: blankToNull(req.actionName, MAX_ACTION_NAME_LENGTH, 'action_name'),
      shortMessage: blankToNull(req.shortMessage, MAX_SHORT_MESSAGE_LENGTH, 'short_message'),
      delivery: req.send ? { id: randomUUID(), sealedToken: this.sealer.seal(token) } : null,
      actor: req.actor,
      correlationId: currentCorrelationId() ?? null,
    };
    return { link, url: `${this.config.PUBLIC_BASE_URL}/l/${token}`, token };
  }

  /** Every link is inserted here (null: nothing was, see explainNothingInserted). */
  private async createRow(link: NewLink, m?: Db): Promise<Awaited<ReturnType<LinkCreateRepository['create']>>> {
    const row = await this.creator.create(link, m);
    if (row) this.metrics.linkCreated(row.type);
    return row;
  }

  private async insert(req: CreateLinkRequest, link: NewLink, m?: Db): Promise<{ view: LinkView; created: boolean }> {
    const row = await this.createRow(link, m);
    if (row) return { view: toLinkView(row), created: true };
    return this.explainNothingInserted(req, link, m === undefined);
  }

  /** The statement inserts nothing when the request was already applied, or the user can't get a link. */
  private async explainNothingInserted(req: CreateLinkRequest, link: NewLink, mayRetry: boolean): Promise<{ view: LinkView; created: boolean }> {
    const existing = await this.links.findById(req.tenantId, req.requestId);
    if (existing) return { view: toLinkView(existing), created: false };
    const user = await this.links.userExists(req.tenantId, { userId: req.userId, email: link.email, phone: link.phone });
    if (!user && req.userId) throw new SesameError('not_found', 'User not found');
    if (!user && !link.email && link.channel === 'email' && link.delivery) {
      throw new SesameError('validation_failed', 'No user has this phone number, and a user created by phone has no email address: send the link by sms');
    }
    if (!user && !link.createUnknownUser) {
      const what = link.email ? 'email address' : 'phone number';
      throw new SesameError('not_found', `No user has this ${what}, and this tenant does not create users from link requests`);
    }
    if (!user && link.email && link.phone && (await this.links.userExists(req.tenantId, { phone: link.phone }))) {
      throw new SesameError('conflict', 'This phone number belongs to another user');
    }
    if (user && user.status !== 'active') throw new SesameError('user_disabled', 'The user is disabled');
    if (user && link.channel === 'sms' && link.delivery && !link.phone && !user.phone) {
      throw new SesameError('validation_failed', 'The user has no phone number: give phone to send an sms link');
    }
    if (user && link.deliverTo) throw new SesameError('validation_failed', 'email is not one of this user\'s addresses');
    if (user && link.channel === 'email' && link.delivery && !user.email) {
      throw new SesameError('validation_failed', 'The user has no email address: send the link by sms');
    }
    // A concurrent request created the same new user between our snapshot and our insert: once more.
    if (mayRetry) {
      const row = await this.createRow(link);
      if (row) return { view: toLinkView(row), created: true };
    }
    throw new SesameError('conflict', 'The link could not be created; retry');
  }

  private async createIdempotent(req: CreateLinkRequest, key: string, link: NewLink, url: string): Promise<CreateLinkResponse> {
    const { requestId: _r, actor: _a, idempotencyKey: _k, ...body } = req;
    const fingerprint = sha256Hex(JSON.stringify(body));
    return this.db.transaction(async (m) => {
      const claim = await this.idempotency.claim(m, req.tenantId, key, fingerprint);
      if (claim.kind === 'replay') {
        if (claim.fingerprint !== fingerprint) {
          throw new SesameError('idempotency_key_reused', 'This Idempotency-Key was used with a different request body');
        }
        if (!claim.response) throw new SesameError('idempotency_in_progress', 'A request with this Idempotency-Key is in progress');
        // The token is never stored, so a replay cannot return `url` again.
        return claim.response as unknown as CreateLinkResponse;
      }
      const { view, created } = await this.insert(req, link, m);
      await this.idempotency.saveResponse(m, req.tenantId, key, view as unknown as Record<string, unknown>);
      return req.send || !created ? view : { ...view, url };
    });
  }
}

/** Auth Armor texts: trimmed, empty means none, too long is refused. */
function blankToNull(value: string | undefined, max: number, field: string): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (v.length > max) throw new SesameError('validation_failed', `${field} must be at most ${max} characters`);
  return v;
}
