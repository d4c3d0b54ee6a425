import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateWebhookSecret, Sealer } from '@sesame/crypto';
import { isEventType, SesameError } from '@sesame/domain';
import type {
  CreateWebhookEndpointRequest, CreateWebhookEndpointResponse, ListWebhookEndpointsRequest, ListWebhookEndpointsResponse,
  RotateWebhookSecretResponse, UpdateWebhookEndpointRequest, WebhookEndpointActionRequest, WebhookEndpointRef, WebhookEndpointView,
} from '@sesame/messaging';
import { decodeCursor, toPage } from '@sesame/persistence';
import { audit } from '../shared/audit';
import { toEndpointView, WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookTargetValidator } from './webhook-target.validator';

/** Webhook endpoints: register, list, change, delete, rotate the signing secret. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(WebhookEndpointRepository) private readonly endpoints: WebhookEndpointRepository,
    @Inject(WebhookTargetValidator) private readonly targets: WebhookTargetValidator,
  ) {}

  /** The secret is returned once; it is kept sealed because signing needs it in the clear. */
  async create(req: CreateWebhookEndpointRequest): Promise<CreateWebhookEndpointResponse> {
    const url = await this.targets.validate(req.url);
    const events = validateEvents(req.events);
    const secret = generateWebhookSecret();
    const row = await this.db.transaction(async (m) => {
      const inserted = await this.endpoints.insert(m, {
        id: req.requestId, tenantId: req.tenantId, url, description: req.description ?? null, events, enabled: req.enabled ?? true,
        sealedSecret: this.sealer.seal(secret),
      });
      if (!inserted) throw new SesameError('conflict', 'This request was already applied; the secret was shown once');
      await audit(m, { tenantId: req.tenantId, action: 'webhook_endpoint.created', subjectType: 'webhook_endpoint', subjectId: req.requestId, actor: req.actor, data: { url, events } });
      return inserted;
    });
    return { ...toEndpointView(row), secret };
  }

  async get(req: WebhookEndpointRef): Promise<WebhookEndpointView> {
    const row = await this.endpoints.find(this.db, req.tenantId, req.id);
    if (!row) throw notFound();
    return toEndpointView(row);
  }

  async list(req: ListWebhookEndpointsRequest): Promise<ListWebhookEndpointsResponse> {
    const rows = await this.endpoints.list(this.db, req.tenantId, decodeCursor(req.cursor, 'uuid'), req.limit + 1);
    return toPage(rows, req.limit, toEndpointView);
  }

  async update(req: UpdateWebhookEndpointRequest): Promise<WebhookEndpointView> {
    const url = req.url === undefined ? undefined : await this.targets.validate(req.url);
    const events = req.events === undefined ? undefined : validateEvents(req.events);
    return this.db.transaction(async (m) => {
      const row = await this.endpoints.update(m, req.tenantId, req.id, { url, events, description: req.description, enabled: req.enabled });
      if (!row) throw notFound();
      const changed = Object.fromEntries(Object.entries({ url, events, description: req.description, enabled: req.enabled }).filter(([, v]) => v !== undefined));
      await audit(m, { tenantId: req.tenantId, action: 'webhook_endpoint.updated', subjectType: 'webhook_endpoint', subjectId: req.id, actor: req.actor, data: changed });
      return toEndpointView(row);
    });
  }

  /** Deletes the endpoint with its delivery log; pending deliveries are never sent. */
  async delete(req: WebhookEndpointActionRequest): Promise<void> {
    await this.db.transaction(async (m) => {
      if (!(await this.endpoints.delete(m, req.tenantId, req.id))) throw notFound();
      await audit(m, { tenantId: req.tenantId, action: 'webhook_endpoint.deleted', subjectType: 'webhook_endpoint', subjectId: req.id, actor: req.actor });
    });
  }

  /** A new secret, shown once; the old one signs beside it for 24 h so receivers can switch without loss. */
  async rotateSecret(req: WebhookEndpointActionRequest): Promise<RotateWebhookSecretResponse> {
    const secret = generateWebhookSecret();
    const row = await this.db.transaction(async (m) => {
      const rotated = await this.endpoints.rotateSecret(m, req.tenantId, req.id, this.sealer.seal(secret));
      if (!rotated) throw notFound();
      await audit(m, {
        tenantId: req.tenantId, action: 'webhook_endpoint.secret_rotated', subjectType: 'webhook_endpoint', subjectId: req.id, actor: req.actor,
        data: { previous_secret_expires_at: rotated.previous_secret_expires_at },
      });
      return rotated;
    });
    return { ...toEndpointView(row), secret };
  }
}

/** Known event types or `*`, at least one, duplicates dropped. */
function validateEvents(events: string[]): string[] {
  const unknown = events.filter((e) => e !== '*' && !isEventType(e));
  if (unknown.length) throw new SesameError('validation_failed', `Unknown event types: ${unknown.join(', ')}`, { unknown });
  if (events.length === 0) throw new SesameError('validation_failed', 'events must name at least one event type, or "*"');
  return [...new Set(events)];
}

function notFound(): SesameError {
  return new SesameError('not_found', 'Webhook endpoint not found');
}
