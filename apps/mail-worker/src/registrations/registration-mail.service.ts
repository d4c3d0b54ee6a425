import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { Sealer } from '@sesame/crypto';
import { appendQuery, resolveLanguage } from '@sesame/domain';
import { LinkMessageRenderer } from '@sesame/mail-templates';
import { CONFIG } from '@sesame/observability';
import { ClaimedSendRunner, Prepared, SendOutcome, SendRequest, SendSubject } from '../claims/claimed-send.runner';
import type { MailMessage, SendResult } from '../transports/mail-transport';
import { TransportRegistry } from '../transports/transport-registry';
import { ClaimedRegistration, RegistrationDeliveryRepository } from './registration-delivery.repository';

/**
 * Sends a registration's email (Auth Armor magiclink_email): its button leads to the
 * integrator's registration redirect URL with `?registration_validation_token=<token>`. The
 * claim-then-send protocol of ClaimedSendRunner; an expired or validated registration is never sent.
 */
@Injectable()
export class RegistrationMailService implements SendSubject<ClaimedRegistration, MailMessage> {
  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(TransportRegistry) private readonly transports: TransportRegistry,
    @Inject(LinkMessageRenderer) private readonly renderer: LinkMessageRenderer,
    @Inject(RegistrationDeliveryRepository) readonly store: RegistrationDeliveryRepository,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(ClaimedSendRunner) private readonly runner: ClaimedSendRunner,
  ) {}

  send(req: SendRequest): Promise<SendOutcome> {
    return this.runner.run(this, req);
  }

  deliver(_r: ClaimedRegistration, message: MailMessage): Promise<SendResult> {
    return this.transports.defaultEmail.send(message);
  }

  prepare(r: ClaimedRegistration): Prepared<MailMessage> {
    if (r.validatedAt) return { skip: 'validated' };
    if (new Date(r.expiresAt).getTime() <= new Date(r.now).getTime()) return { skip: 'expired' };
    let token: string;
    try {
      if (!r.sealedToken) throw new Error('no sealed token');
      token = this.sealer.open(r.sealedToken);
    } catch (err) {
      return { fail: `cannot open sealed token: ${(err as Error).message}` };
    }
    return { message: this.compose(r, token) };
  }

  private compose(r: ClaimedRegistration, token: string): MailMessage {
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
}

/** Tenant and integrator text in a header or a line: no control characters, no line breaks. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}
