import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { isLinkType, isSupportedLanguage } from '@sesame/domain';
import { Branding, LinkMessageRenderer, sampleMessageInput, testSubject } from '@sesame/mail-templates';
import { CONFIG } from '@sesame/observability';
import type { SendOutcome } from '../link-mail.service';
import { PermanentSendError, RetryLaterError } from '../send-errors';
import type { MailMessage } from '../transports/mail-transport';
import { asTransportError, TransportError } from '../transports/transport-error';
import { TransportRegistry } from '../transports/transport-registry';
import { ClaimedTemplateTest, TemplateTestRepository } from './template-test.repository';

/**
 * Sends a template test (POST /v1/templates/{type}/{language}/test-send): the tenant's saved
 * override or the default, rendered with the same sample values as the preview, the subject
 * marked "[Test] ", through the tenant's email transport or the deployment's.
 */
@Injectable()
export class TemplateTestMailService {
  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(TransportRegistry) private readonly transports: TransportRegistry,
    @Inject(LinkMessageRenderer) private readonly renderer: LinkMessageRenderer,
    @Inject(TemplateTestRepository) private readonly tests: TemplateTestRepository,
  ) {}

  async send(req: { testSendId: string; tenantId: string; finalAttempt: boolean }): Promise<SendOutcome> {
    const t = await this.tests.claim(req.testSendId, req.tenantId, this.config.SEND_CLAIM_TIMEOUT_MS);
    if (!t) {
      const state = await this.tests.state(req.testSendId, req.tenantId, this.config.SEND_CLAIM_TIMEOUT_MS);
      if (!state || state.status !== 'sending') return 'already-done';
      throw new RetryLaterError('template test is being sent by another worker', Math.max(1000, state.claimRemainingMs + 1000));
    }
    const message = await this.compose(t);
    try {
      const result = await this.transports.email(t.tenantId, t.provider).send(message);
      await this.tests.markSent(t, result.provider);
      return 'sent';
    } catch (err) {
      return this.failed(t, asTransportError(err), req.finalAttempt);
    }
  }

  private async compose(t: ClaimedTemplateTest): Promise<MailMessage> {
    const { type, language } = t;
    if (!isLinkType(type) || !isSupportedLanguage(language)) {
      const error = `unknown template ${type}/${language}`;
      await this.tests.markFailed(t, error);
      throw new PermanentSendError(error);
    }
    const input = sampleMessageInput({
      type, language, publicBaseUrl: this.config.PUBLIC_BASE_URL, appName: t.appName, branding: t.branding as Partial<Branding> | null,
      recipient: t.toAddress, now: t.now,
    });
    const mail = this.renderer.renderEmail(input, t.override);
    return {
      to: t.toAddress, from: t.senderAddress ?? this.config.MAIL_FROM, ...mail, subject: testSubject(mail.subject), deliveryId: t.id, tenantId: t.tenantId,
    };
  }

  private async failed(t: ClaimedTemplateTest, err: TransportError, finalAttempt: boolean): Promise<never> {
    if (err.permanent || finalAttempt) {
      await this.tests.markFailed(t, err.message);
      throw new PermanentSendError(err.message);
    }
    await this.tests.release(t, err.message);
    throw new RetryLaterError(err.message, err.retryAfterMs);
  }
}
