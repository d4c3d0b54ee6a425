import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { Sealer } from '@sesame/crypto';
import { appendQuery, resolveLanguage } from '@sesame/domain';
import { LinkMessageRenderer } from '@sesame/mail-templates';
import { CONFIG } from '@sesame/observability';
import type { SendOutcome } from '../link-mail.service';
import { PermanentSendError, RetryLaterError } from '../send-errors';
import type { MailMessage } from '../transports/mail-transport';
import { TransportError } from '../transports/transport-error';
import { TransportRegistry } from '../transports/transport-registry';
import { ClaimedRegistration, RegistrationDeliveryRepository } from './registration-delivery.repository';

/** A rate-limited send is deferred at most this many times before waits count as attempts. */
const MAX_DEFERRED_CLAIMS = 25;

/**
 * Sends a registration's email (Auth Armor magiclink_email): its button leads to the
 * integrator's registration redirect URL with `?registration_validation_token=<token>`. Same
 * claim-then-send protocol as link emails; an expired or validated registration is never sent.
 */
@Injectable()
export class RegistrationMailService {
  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(TransportRegistry) private readonly transports: TransportRegistry,
    @Inject(LinkMessageRenderer) private readonly renderer: LinkMessageRenderer,
    @Inject(RegistrationDeliveryRepository) private readonly registrations: RegistrationDeliveryRepository,
    @Inject(Sealer) private readonly sealer: Sealer,
  ) {}

  async send(req: { registrationId: string; tenantId: string; finalAttempt: boolean }): Promise<SendOutcome> {
    const r = await this.registrations.claim(req.registrationId, req.tenantId, this.config.SEND_CLAIM_TIMEOUT_MS);
    if (!r) {
      const state = await this.registrations.state(req.registrationId, req.tenantId, this.config.SEND_CLAIM_TIMEOUT_MS);
      if (!state || state.status !== 'sending') return 'already-done';
      throw new RetryLaterError('registration email is being sent by another worker', Math.max(1000, state.claimRemainingMs + 1000));
    }
    if (r.validatedAt || new Date(r.expiresAt).getTime() <= new Date(r.now).getTime()) {
      await this.registrations.markSkipped(r, r.validatedAt ? 'validated' : 'expired');
      return 'skipped';
    }
    const message = await this.compose(r);
    try {
      const result = await this.transports.defaultEmail.send(message);
      await this.registrations.markSent(r, result.provider, result.messageId);
      return 'sent';
    } catch (err) {
      return this.failed(r, err instanceof TransportError ? err : new TransportError(`send failed: ${String((err as Error)?.message ?? err)}`.slice(0, 300), false), req.finalAttempt);
    }
  }

  private async compose(r: ClaimedRegistration): Promise<MailMessage> {
    let token: string;
    try {
      if (!r.sealedToken) throw new Error('no sealed token');
      token = this.sealer.open(r.sealedToken);
    } catch (err) {
      const error = `cannot open sealed token: ${(err as Error).message}`;
      await this.registrations.markFailed(r, error);
      throw new PermanentSendError(error);
    }
    const url = appendQuery(r.redirectUrl, { registration_validation_token: token });
    const email = this.renderer.renderEmail({
      type: 'registration', language: resolveLanguage(r.language, r.defaultLanguage), appName: r.appName, url,
      actionName: r.actionName, shortMessage: r.shortMsg, expiresAt: r.expiresAt, now: r.now, recipient: r.email,
    });
    // Auth Armor: the subject is "<action_name> at <project name>"; short_msg leads the text.
    // (Until the link templates render action_name and short_message themselves.)
    const subject = r.actionName ? `${oneLine(r.actionName)} at ${oneLine(r.appName)}` : email.subject;
    const text = r.shortMsg ? `${oneLine(r.shortMsg)}\n\n${email.text}` : email.text;
    return { to: r.email, from: r.senderAddress ?? this.config.MAIL_FROM, ...email, subject, text, deliveryId: r.id, tenantId: r.tenantId };
  }

  private async failed(r: ClaimedRegistration, err: TransportError, finalAttempt: boolean): Promise<never> {
    if (err.permanent || finalAttempt) {
      await this.registrations.markFailed(r, err.message);
      throw new PermanentSendError(err.message);
    }
    await this.registrations.release(r, err.message);
    throw new RetryLaterError(err.message, err.retryAfterMs !== undefined && r.attempts < MAX_DEFERRED_CLAIMS ? err.retryAfterMs : undefined);
  }
}

/** Tenant and integrator text in a header or a line: no control characters, no line breaks. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}
