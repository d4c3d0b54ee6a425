import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateWebhookSecret, Sealer } from '@sesame/crypto';
import { isEventType, SesameError } from '@sesame/domain';
import type { CreateWebhookEndpointRequest, CreateWebhookEndpointResponse } from '@sesame/messaging';
import { audit } from '../shared/audit';

@Injectable()
export class WebhookEndpointService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Sealer) private readonly sealer: Sealer,
  ) {}

  /** The secret is returned once; it is kept sealed because signing needs it in the clear. */
  async create(req: CreateWebhookEndpointRequest): Promise<CreateWebhookEndpointResponse> {
    const url = validateWebhookUrl(req.url);
    const unknown = req.events.filter((e) => e !== '*' && !isEventType(e));
    if (unknown.length) throw new SesameError('validation_failed', `Unknown event types: ${unknown.join(', ')}`, { unknown });
    const events = [...new Set(req.events)];
    const secret = generateWebhookSecret();
    const row = await this.db.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO webhook_endpoints (id, tenant_id, url, description, events, sealed_secret)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING created_at`,
        [req.requestId, req.tenantId, url, req.description ?? null, events, this.sealer.seal(secret)],
      );
      if (!rows[0]) throw new SesameError('conflict', 'This request was already applied; the secret was shown once');
      await audit(m, { tenantId: req.tenantId, action: 'webhook_endpoint.created', subjectType: 'webhook_endpoint', subjectId: req.requestId, actor: req.actor, data: { url, events } });
      return rows[0];
    });
    return {
      id: req.requestId, url, description: req.description ?? null, events, enabled: true,
      created_at: new Date(row.created_at).toISOString(), secret,
    };
  }
}

/** Shape checks at save time; the dispatcher re-checks the resolved address on every attempt (SSRF). */
function validateWebhookUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SesameError('validation_failed', 'url must be an absolute http(s) URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new SesameError('validation_failed', 'url must use http or https');
  if (u.username || u.password) throw new SesameError('validation_failed', 'url must not contain credentials');
  if (u.hash) throw new SesameError('validation_failed', 'url must not contain a fragment');
  return u.toString();
}
