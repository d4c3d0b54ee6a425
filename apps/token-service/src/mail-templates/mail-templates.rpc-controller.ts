import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { TEMPLATE_RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { MailTemplateService } from './mail-template.service';
import { TemplateTestSendService } from './template-test-send.service';

/** RPC surface of tenant email template overrides, their preview and test send. */
@Controller()
export class MailTemplatesRpcController {
  constructor(
    @Inject(MailTemplateService) private readonly templates: MailTemplateService,
    @Inject(TemplateTestSendService) private readonly testSends: TemplateTestSendService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(TEMPLATE_RPC.templatesList)
  list(@Payload() req: C.ListTemplatesRequest) {
    return this.count(TEMPLATE_RPC.templatesList, this.templates.list(req));
  }

  @MessagePattern(TEMPLATE_RPC.templatesGet)
  get(@Payload() req: C.TemplateRef) {
    return this.count(TEMPLATE_RPC.templatesGet, this.templates.get(req));
  }

  @MessagePattern(TEMPLATE_RPC.templatesPut)
  put(@Payload() req: C.PutTemplateRequest) {
    return this.count(TEMPLATE_RPC.templatesPut, this.templates.put(req));
  }

  @MessagePattern(TEMPLATE_RPC.templatesDelete)
  async delete(@Payload() req: C.DeleteTemplateRequest) {
    await this.count(TEMPLATE_RPC.templatesDelete, this.templates.delete(req));
    return { deleted: true };
  }

  @MessagePattern(TEMPLATE_RPC.templatesPreview)
  preview(@Payload() req: C.PreviewTemplateRequest) {
    return this.count(TEMPLATE_RPC.templatesPreview, this.templates.preview(req));
  }

  @MessagePattern(TEMPLATE_RPC.templatesTestSend)
  testSend(@Payload() req: C.TestSendTemplateRequest) {
    return this.count(TEMPLATE_RPC.templatesTestSend, this.testSends.send(req));
  }
}
