import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Counter, Registry } from 'prom-client';
import type { TokenServiceConfig } from '@sesame/config';
import { parseSendGridEvents, SesameError } from '@sesame/domain';
import type { ApplySendGridEventsRequest, ApplySendGridEventsResponse } from '@sesame/messaging';
import { CONFIG, counter, LOGGER, METRICS } from '@sesame/observability';
import { DeliveryEventRepository } from './delivery-event.repository';
import { SendGridSignatureVerifier } from './sendgrid-signature.verifier';

/**
 * SendGrid's Event Webhook (docs/mail.md#delivery-tracking). A batch is signed either by the
 * deployment's account (SENDGRID_EVENT_PUBLIC_KEY; its events name their tenant in the custom args)
 * or by one tenant's own account (`?tenant=`, the key in its provider settings; its events apply
 * to that tenant's deliveries only). Verified before it is parsed.
 */
@Injectable()
export class SendGridEventsService {
  /** What providers reported after the send (delivered, bounce, dropped, …), each report once. */
  private readonly reported: Counter<string>;

  constructor(
    @Inject(CONFIG) private readonly config: TokenServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SendGridSignatureVerifier) private readonly verifier: SendGridSignatureVerifier,
    @Inject(DeliveryEventRepository) private readonly events: DeliveryEventRepository,
    @Inject(METRICS) registry: Registry,
  ) {
    this.reported = counter(registry, 'sesame_email_events_total', 'Delivery events reported by email providers (duplicates not counted)', ['provider', 'event']);
  }

  async apply(req: ApplySendGridEventsRequest): Promise<ApplySendGridEventsResponse> {
    const tenantId = req.tenantId?.toLowerCase();
    const publicKey = await this.publicKey(tenantId);
    const body = Buffer.from(req.bodyBase64, 'base64');
    this.verifier.verify(publicKey, { body, signature: req.signature, timestamp: req.timestamp });

    const batch = parseSendGridEvents(body.toString('utf8'));
    const own = tenantId ? batch.reports.filter((r) => r.tenantId === tenantId) : batch.reports;
    const result = await this.events.apply(own, 'sendgrid');
    for (const event of result.events) this.reported.inc({ provider: 'sendgrid', event });
    const answer = {
      applied: result.applied,
      duplicates: result.duplicates,
      unmatched: batch.unmatched + (batch.reports.length - own.length) + result.unmatched,
      ignored: batch.ignored,
    };
    this.logger.info({ tenantId: tenantId ?? null, ...answer }, 'sendgrid event batch');
    return answer;
  }

  private async publicKey(tenantId: string | undefined): Promise<string> {
    const key = tenantId ? await this.events.sendGridPublicKey(tenantId) : this.config.SENDGRID_EVENT_PUBLIC_KEY;
    if (!key) {
      throw new SesameError(
        'event_webhook_not_configured',
        tenantId
          ? "This tenant's email provider has no settings.event_public_key (PUT /v1/providers/email, kind sendgrid)"
          : 'The deployment has no SENDGRID_EVENT_PUBLIC_KEY; a tenant with its own SendGrid account adds ?tenant=<tenant id>',
      );
    }
    return key;
  }
}
