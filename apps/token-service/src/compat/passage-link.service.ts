import { Inject, Injectable } from '@nestjs/common';
import { appendQuery, PASSAGE_LINK_PARAM, resolveMagicLinkPath, SesameError } from '@sesame/domain';
import type { PassageCreateMagicLinkRequest, PassageCreateMagicLinkResponse } from '@sesame/messaging';
import { LinkService } from '../links/link.service';
import { TenantCache } from '../shared/tenant-cache';

/**
 * Passage's "create magic link" on Sesame's links: the app id is the tenant's id or slug, an
 * unknown user is created (policy permitting), `ttl` is in minutes, and the URL is the page that
 * processes the link (`magic_link_path`, default the app's login URL) with `?psg_magic_link=`.
 */
@Injectable()
export class PassageLinkService {
  constructor(
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(LinkService) private readonly links: LinkService,
  ) {}

  async create(req: PassageCreateMagicLinkRequest): Promise<PassageCreateMagicLinkResponse> {
    const tenant = await this.tenants.get(req.tenantId);
    if (req.appId !== tenant.id && req.appId !== tenant.slug) throw new SesameError('not_found', 'App not found', { resource: 'app' });
    const landing = resolveMagicLinkPath(req.magicLinkPath, tenant.policy.app.origin);
    if (req.send && !req.channel) throw new SesameError('validation_failed', 'channel is required when send is true');
    // The identifier decides the channel when none is given: a phone alone is an sms identifier.
    const channel = req.channel ?? (!req.userId && !req.email && req.phone ? 'sms' : 'email');
    if (channel === 'sms' && !req.phone && req.send) throw new SesameError('validation_failed', 'phone is required for channel phone');
    const ttlSeconds = req.ttlMinutes !== undefined ? req.ttlMinutes * 60 : tenant.policy.links[req.type].ttl_seconds;

    const created = await this.links.create({
      requestId: req.requestId, tenantId: req.tenantId, actor: req.actor, type: req.type, send: req.send,
      ...(req.userId ? { userId: req.userId } : req.email ? { email: req.email } : {}),
      phone: req.phone, channel, redirectUrl: req.redirectUrl, ttlSeconds, language: req.language,
    });
    const { url: hostedUrl, ...link } = created;
    const secret = hostedUrl ? new URL(hostedUrl).pathname.split('/').pop() ?? null : null;
    return {
      link, app_id: tenant.id, secret, url: secret ? appendQuery(landing, { [PASSAGE_LINK_PARAM]: secret }) : null,
      ttl_minutes: Math.round((Date.parse(link.expires_at) - Date.parse(link.created_at)) / 60_000),
      identifier: channel === 'sms' && req.phone ? req.phone : link.identifier,
    };
  }
}
