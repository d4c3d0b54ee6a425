import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LINK_TYPES, SUPPORTED_LANGUAGES } from '@sesame/domain';
import { Actor, ListTemplatesResponse, RenderedTemplate, TEMPLATE_RPC, TemplateView, TestSendTemplateResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { PreviewTemplateDto, PutTemplateDto, TestSendTemplateDto } from './templates.dto';
import { EmailBodies, Template, TemplateList, TemplateTestSent } from './templates.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

const TYPE_PARAM = { name: 'type', enum: LINK_TYPES };
const LANGUAGE_PARAM = { name: 'language', enum: SUPPORTED_LANGUAGES };

/**
 * The tenant's email templates (docs/mail.md "Template overrides"): one per link type and
 * language, the built-in default until the tenant saves its own. Path segments are checked in
 * token-service: `400 unknown_type` or `400 unsupported_language`.
 */
@ApiTags('templates')
@Controller('v1/templates')
export class TemplatesController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** Every type × language, `source: default | custom`. */
  @Get()
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: TemplateList, description: 'OK' })
  @ApiOperation({ summary: 'Email templates and whether each is overridden' })
  list(@Auth() auth: AuthContext): Promise<ListTemplatesResponse> {
    return this.rpc.call(TEMPLATE_RPC.templatesList, { tenantId: auth.tenantId });
  }

  @Get(':type/:language')
  @RequireScope('admin')
  @ApiParam(TYPE_PARAM) @ApiParam(LANGUAGE_PARAM)
  @ApiResponse({ status: 200, type: Template, description: 'OK' })
  @ApiErrors('unknown_type', 'unsupported_language')
  @ApiOperation({ summary: 'One template' })
  get(@Auth() auth: AuthContext, @Param('type') type: string, @Param('language') language: string): Promise<TemplateView> {
    return this.rpc.call(TEMPLATE_RPC.templatesGet, { tenantId: auth.tenantId, type, language });
  }

  /** Saves an override; `400 invalid_template` lists every issue in `details.issues`. */
  @Put(':type/:language')
  @RequireScope('admin')
  @ApiParam(TYPE_PARAM) @ApiParam(LANGUAGE_PARAM)
  @ApiResponse({ status: 200, type: Template, description: 'OK' })
  @ApiErrors('unknown_type', 'unsupported_language', 'invalid_template')
  @ApiOperation({ summary: 'Override a template' })
  put(
    @Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param('type') type: string, @Param('language') language: string, @Body() dto: PutTemplateDto,
  ): Promise<TemplateView> {
    return this.rpc.call(TEMPLATE_RPC.templatesPut, { tenantId: auth.tenantId, type, language, actor, subject: dto.subject, html: dto.html, text: dto.text });
  }

  /** Back to the default. */
  @Delete(':type/:language')
  @HttpCode(204)
  @RequireScope('admin')
  @ApiParam(TYPE_PARAM) @ApiParam(LANGUAGE_PARAM)
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('unknown_type', 'unsupported_language', 'not_found')
  @ApiOperation({ summary: 'Drop an override (the default applies again)' })
  async remove(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param('type') type: string, @Param('language') language: string): Promise<void> {
    await this.rpc.call(TEMPLATE_RPC.templatesDelete, { tenantId: auth.tenantId, type, language, actor });
  }

  /** Renders with sample values: the body's unsaved templates when given, else the saved override or the default. */
  @Post(':type/:language/preview')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiParam(TYPE_PARAM) @ApiParam(LANGUAGE_PARAM)
  @ApiResponse({ status: 200, type: EmailBodies, description: 'OK' })
  @ApiErrors('unknown_type', 'unsupported_language', 'invalid_template')
  @ApiOperation({ summary: 'Render a template (saved or given)' })
  preview(@Auth() auth: AuthContext, @Param('type') type: string, @Param('language') language: string, @Body() dto: PreviewTemplateDto): Promise<RenderedTemplate> {
    const unsaved = dto.subject !== undefined || dto.html !== undefined || dto.text !== undefined;
    return this.rpc.call(TEMPLATE_RPC.templatesPreview, {
      tenantId: auth.tenantId, type, language, actionName: dto.action_name, shortMessage: dto.short_message,
      template: unsaved ? { subject: dto.subject, html: dto.html, text: dto.text } : undefined,
    });
  }

  /** Queues one email rendered like the preview, through the tenant's transport; at most 20 an hour. */
  @Post(':type/:language/test-send')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiParam(TYPE_PARAM) @ApiParam(LANGUAGE_PARAM)
  @ApiResponse({ status: 202, type: TemplateTestSent, description: 'Accepted' })
  @ApiErrors('unknown_type', 'unsupported_language', 'invalid_template', 'rate_limited')
  @ApiOperation({ summary: 'Email a rendered template to an address' })
  testSend(
    @Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param('type') type: string, @Param('language') language: string, @Body() dto: TestSendTemplateDto,
  ): Promise<TestSendTemplateResponse> {
    return this.rpc.call(TEMPLATE_RPC.templatesTestSend, { requestId: randomUUID(), tenantId: auth.tenantId, type, language, to: dto.to, actor });
  }
}
