import { Module } from '@nestjs/common';
import { LinkMessageRenderer } from '@sesame/mail-templates';
import { MailTemplateRepository } from './mail-template.repository';
import { MailTemplateService } from './mail-template.service';
import { TemplateTestSendRepository } from './template-test-send.repository';
import { TemplateTestSendService } from './template-test-send.service';
import { MailTemplatesRpcController } from './mail-templates.rpc-controller';

/** Tenant email template overrides, their preview and test send. */
@Module({
  controllers: [MailTemplatesRpcController],
  providers: [{ provide: LinkMessageRenderer, useFactory: () => LinkMessageRenderer.create() }, MailTemplateRepository, MailTemplateService, TemplateTestSendRepository, TemplateTestSendService],
})
export class MailTemplatesModule {}
