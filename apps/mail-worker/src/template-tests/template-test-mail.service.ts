import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { isLinkType, isSupportedLanguage } from '@sesame/domain';
import { Branding, LinkMessageRenderer, sampleMessageInput, testSubject } from '@sesame/mail-templates';
import { CONFIG } from '@sesame/observability';
import { ClaimedSendRunner, Prepared, SendOutcome, SendRequest, SendSubject } from '../claims/claimed-send.runner';
import type { MailMessage, SendResult } from '../transports/mail-transport';
import { TransportRegistry } from '../transports/transport-registry';
import { ClaimedTemplateTest, TemplateTestRepository } from './template-test.repository';

/**
 * Sends a template test (POST /v1/templates/{type}/{language}/test-send): the tenant's saved
 * override or the default, rendered with the same sample values as the preview, the subject
 * marked "[Test] ", through the tenant's email transport or the deployment's. The claim-then-send
 * protocol of ClaimedSendRunner.
 */
@Injectable()
export class TemplateTestMailService implements SendSubject<ClaimedTemplateTest, MailMessage> {
  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(TransportRegistry) private readonly transports: TransportRegistry,
    @Inject(LinkMessageRenderer) private readonly renderer: LinkMessageRenderer,
    @Inject(TemplateTestRepository) readonly store: TemplateTestRepository,
    @Inject(ClaimedSendRunner) private readonly runner: ClaimedSendRunner,
  ) {}

  send(req: SendRequest): Promise<SendOutcome> {
    return this.runner.run(this, req);
  }

  deliver(t: ClaimedTemplateTest, message: MailMessage): Promise<SendResult> {
    return this.transports.email(t.tenantId, t.provider).send(message);
  }

  prepare(t: ClaimedTemplateTest): Prepared<MailMessage> {
    const { type, language } = t;
    if (!isLinkType(type) || !isSupportedLanguage(language)) return { fail: `unknown template ${type}/${language}` };
    const input = sampleMessageInput({
      type, language, publicBaseUrl: this.config.PUBLIC_BASE_URL, appName: t.appName, branding: t.branding as Partial<Branding> | null,
      recipient: t.toAddress, now: t.now,
    });
    const mail = this.renderer.renderEmail(input, t.override);
    return {
      message: { to: t.toAddress, from: t.senderAddress ?? this.config.MAIL_FROM, ...mail, subject: testSubject(mail.subject), deliveryId: t.id, tenantId: t.tenantId },
    };
  }
}
