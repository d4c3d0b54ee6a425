import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { TEMPLATE_RPC, RpcHandler } from '@sesame/messaging';
import { MailTemplateService } from './mail-template.service';
import { TemplateTestSendService } from './template-test-send.service';

/** RPC surface of tenant email template overrides, their preview and test send. */
@Controller()
export class MailTemplatesRpcController {
  constructor(
    @Inject(MailTemplateService) private readonly templates: MailTemplateService,
    @Inject(TemplateTestSendService) private readonly testSends: TemplateTestSendService,
  ) {}

  @RpcHandler(TEMPLATE_RPC.templatesList)
  list(@Payload() req: C.ListTemplatesRequest) {
    return this.templates.list(req);
  }

  @RpcHandler(TEMPLATE_RPC.templatesGet)
  get(@Payload() req: C.TemplateRef) {
    return this.templates.get(req);
  }

  @RpcHandler(TEMPLATE_RPC.templatesPut)
  put(@Payload() req: C.PutTemplateRequest) {
    return this.templates.put(req);
  }

  @RpcHandler(TEMPLATE_RPC.templatesDelete)
  async delete(@Payload() req: C.DeleteTemplateRequest) {
    await this.templates.delete(req);
    return { deleted: true };
  }

  @RpcHandler(TEMPLATE_RPC.templatesPreview)
  preview(@Payload() req: C.PreviewTemplateRequest) {
    return this.templates.preview(req);
  }

  @RpcHandler(TEMPLATE_RPC.templatesTestSend)
  testSend(@Payload() req: C.TestSendTemplateRequest) {
    return this.testSends.send(req);
  }
}
