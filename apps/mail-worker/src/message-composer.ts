import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { isLinkType, resolveLanguage } from '@sesame/domain';
import { Branding, DEFAULT_BRANDING, LinkMessageRenderer, MessageInput } from '@sesame/mail-templates';
import { CONFIG } from '@sesame/observability';
import type { ClaimedDelivery } from './claimed-delivery';
import type { MailMessage } from './transports/mail-transport';
import type { SmsMessage } from './transports/sms-transport';

/** The opened secrets of a delivery: the link's token and, when the link has one, its code. */
export interface OpenedSecrets {
  token: string;
  code: string | null;
}

/**
 * Turns a claimed delivery into the message to send: language (request → user → tenant default →
 * en), the tenant's template override for that type and language or the default, branding, the
 * Auth Armor action name and short message, and the code fallback.
 */
@Injectable()
export class MessageComposer {
  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(LinkMessageRenderer) private readonly renderer: LinkMessageRenderer,
  ) {}

  email(d: ClaimedDelivery, secrets: OpenedSecrets): MailMessage {
    const input = this.input(d, secrets);
    const override = d.overrides?.[input.language] ?? null;
    const mail = this.renderer.renderEmail(input, override);
    return { to: d.toAddress, from: d.senderAddress ?? this.config.MAIL_FROM, ...mail, deliveryId: d.id, tenantId: d.tenantId };
  }

  sms(d: ClaimedDelivery, secrets: OpenedSecrets): SmsMessage {
    return { to: d.toAddress, body: this.renderer.renderSms(this.input(d, secrets)), deliveryId: d.id, tenantId: d.tenantId };
  }

  private input(d: ClaimedDelivery, secrets: OpenedSecrets): MessageInput {
    if (!isLinkType(d.type)) throw new Error(`unknown link type "${d.type}"`);
    return {
      type: d.type,
      language: resolveLanguage(d.language, d.userLanguage, d.defaultLanguage),
      appName: d.appName,
      url: `${this.config.PUBLIC_BASE_URL}/l/${secrets.token}`,
      code: secrets.code,
      actionName: d.actionName,
      shortMessage: d.shortMessage,
      expiresAt: d.expiresAt,
      now: d.now,
      recipient: d.toAddress,
      branding: { ...DEFAULT_BRANDING, ...(d.branding as Partial<Branding> | null) },
    };
  }
}
