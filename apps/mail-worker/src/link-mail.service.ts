import { Inject, Injectable } from '@nestjs/common';
import { deriveFallbackCode, Sealer } from '@sesame/crypto';
import { isLinkType, linkStatus } from '@sesame/domain';
import type { ClaimedDelivery } from './claimed-delivery';
import { ClaimedSendRunner, Prepared, SendOutcome, SendRequest, SendSubject } from './claims/claimed-send.runner';
import { DeliveryRepository } from './delivery.repository';
import { MessageComposer } from './message-composer';
import type { MailMessage, SendResult } from './transports/mail-transport';
import type { SmsMessage } from './transports/sms-transport';
import { TransportRegistry } from './transports/transport-registry';

type LinkMessage = { channel: 'email'; mail: MailMessage } | { channel: 'sms'; sms: SmsMessage };

/**
 * Sends one link email or SMS through the claim-then-send protocol (ClaimedSendRunner): a link
 * that can no longer be used, or whose user was disabled, is skipped; the sealed token is opened
 * and the message rendered from the tenant's templates; it goes out through the tenant's transport
 * for its channel, or the deployment's.
 */
@Injectable()
export class LinkMailService implements SendSubject<ClaimedDelivery, LinkMessage> {
  constructor(
    @Inject(TransportRegistry) private readonly transports: TransportRegistry,
    @Inject(MessageComposer) private readonly composer: MessageComposer,
    @Inject(DeliveryRepository) readonly store: DeliveryRepository,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(ClaimedSendRunner) private readonly runner: ClaimedSendRunner,
  ) {}

  send(req: SendRequest): Promise<SendOutcome> {
    return this.runner.run(this, req);
  }

  prepare(d: ClaimedDelivery): Prepared<LinkMessage> {
    const status = d.userStatus === 'active' ? linkStatus(d, d.now) : 'user_disabled';
    if (status !== 'active') return { skip: status };
    let token: string;
    try {
      if (!d.sealedToken) throw new Error('no sealed token');
      if (!isLinkType(d.type)) throw new Error(`unknown link type "${d.type}"`);
      token = this.sealer.open(d.sealedToken);
    } catch (err) {
      // e.g. the pepper that sealed it was removed from TOKEN_PEPPER: retrying cannot help.
      return { fail: `cannot open sealed token: ${(err as Error).message}` };
    }
    // A link asked for on a sign-in page carries a 6-digit code derived from its token.
    const secrets = { token, code: d.hasCode ? deriveFallbackCode(token) : null };
    return {
      message: d.channel === 'sms'
        ? { channel: 'sms', sms: this.composer.sms(d, secrets) }
        : { channel: 'email', mail: this.composer.email(d, secrets) },
    };
  }

  deliver(d: ClaimedDelivery, m: LinkMessage): Promise<SendResult> {
    return m.channel === 'sms'
      ? this.transports.sms(d.tenantId, d.provider).send(m.sms)
      : this.transports.email(d.tenantId, d.provider).send(m.mail);
  }
}
