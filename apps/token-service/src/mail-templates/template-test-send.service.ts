import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';
import type { TestSendTemplateRequest, TestSendTemplateResponse } from '@sesame/messaging';
import { currentCorrelationId } from '@sesame/observability';
import { audit } from '../shared/audit';
import { templateKey } from './template-rules';
import { TemplateTestSendRepository } from './template-test-send.repository';

/** Test sends a tenant may ask for in TEST_SEND_WINDOW_SECONDS: each is a real email to any address. */
export const TEST_SENDS_PER_WINDOW = 20;
export const TEST_SEND_WINDOW_SECONDS = 3600;

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/**
 * Queues one email of a template, rendered by the mail-worker with sample values and sent through
 * the tenant's transport. Bounded per tenant: `429 rate_limited` past TEST_SENDS_PER_WINDOW an hour.
 */
@Injectable()
export class TemplateTestSendService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TemplateTestSendRepository) private readonly sends: TemplateTestSendRepository,
  ) {}

  async send(req: TestSendTemplateRequest): Promise<TestSendTemplateResponse> {
    const key = templateKey(req.type, req.language);
    const to = req.to.trim();
    if (to.length > 320 || !EMAIL.test(to)) {
      throw new SesameError('validation_failed', 'to must be an email address', { fields: [{ field: 'to', message: 'to must be an email address' }] });
    }
    await this.db.transaction(async (m) => {
      await this.sends.lockTenant(m, req.tenantId);
      const window = await this.sends.window(m, req.tenantId, TEST_SEND_WINDOW_SECONDS);
      if (window.count >= TEST_SENDS_PER_WINDOW) {
        const retryAfter = Math.max(1, window.resetsInSeconds);
        throw new SesameError('rate_limited', `At most ${TEST_SENDS_PER_WINDOW} test sends an hour; try again in ${retryAfter} s`, { retry_after: retryAfter });
      }
      const inserted = await this.sends.insert(m, { id: req.requestId, tenantId: req.tenantId, ...key, to, correlationId: currentCorrelationId() });
      // A redelivered request finds its test send already queued: nothing more to record.
      if (inserted) {
        await audit(m, { tenantId: req.tenantId, action: 'template.test_sent', subjectType: 'mail_template', subjectId: null, actor: req.actor, data: { ...key, to } });
      }
    });
    return { id: req.requestId, to };
  }
}
