import { Inject, Injectable } from '@nestjs/common';
import { EventWebhook } from '@sendgrid/eventwebhook';
import type { TokenServiceConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import { CONFIG } from '@sesame/observability';

export interface SignedEventBatch {
  /** The raw request body, exactly as received. */
  body: Buffer;
  /** X-Twilio-Email-Event-Webhook-Signature: base64 of a DER ECDSA signature. */
  signature?: string;
  /** X-Twilio-Email-Event-Webhook-Timestamp: Unix seconds. */
  timestamp?: string;
}

/**
 * SendGrid's Signed Event Webhook: ECDSA (P-256, SHA-256) over the timestamp header followed by
 * the raw body, checked with SendGrid's own package. A correctly signed batch whose timestamp is
 * outside SENDGRID_EVENT_MAX_AGE_SECONDS is refused too, so a captured batch cannot be replayed later.
 */
@Injectable()
export class SendGridSignatureVerifier {
  private readonly webhook = new EventWebhook();

  constructor(@Inject(CONFIG) private readonly config: Pick<TokenServiceConfig, 'SENDGRID_EVENT_MAX_AGE_SECONDS'>) {}

  verify(publicKey: string, batch: SignedEventBatch, nowMs = Date.now()): void {
    const { signature, timestamp } = batch;
    if (!signature || !timestamp || signature.length > 256 || !/^[0-9]{1,12}$/.test(timestamp)) {
      throw invalidSignature();
    }
    let key: ReturnType<EventWebhook['convertPublicKeyToECDSA']>;
    try {
      key = this.webhook.convertPublicKeyToECDSA(publicKey);
    } catch {
      throw new SesameError('event_webhook_not_configured', 'The configured Event Webhook verification key cannot be read; configure it again');
    }
    let valid: boolean;
    try {
      valid = this.webhook.verifySignature(key, batch.body, signature, timestamp);
    } catch {
      valid = false; // not base64, not DER: a signature that cannot be parsed is a wrong one
    }
    if (!valid) throw invalidSignature();
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > this.config.SENDGRID_EVENT_MAX_AGE_SECONDS) {
      throw new SesameError('stale_timestamp', `The event batch was signed more than ${this.config.SENDGRID_EVENT_MAX_AGE_SECONDS} s from now`);
    }
  }
}

function invalidSignature(): SesameError {
  return new SesameError('invalid_signature', 'The X-Twilio-Email-Event-Webhook-Signature header does not verify for this body and timestamp');
}
