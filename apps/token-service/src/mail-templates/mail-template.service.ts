import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TokenServiceConfig } from '@sesame/config';
import { LINK_TYPES, SesameError, SUPPORTED_LANGUAGES } from '@sesame/domain';
import { LinkMessageRenderer, sampleMessageInput, TEMPLATE_VARIABLES } from '@sesame/mail-templates';
import type {
  DeleteTemplateRequest, ListTemplatesRequest, ListTemplatesResponse, PreviewTemplateRequest, PutTemplateRequest, RenderedTemplate,
  TemplateRef, TemplateView,
} from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { MailTemplateRepository, TemplateRow } from './mail-template.repository';
import { templateKey, TemplateKey, validTemplates } from './template-rules';

/**
 * A tenant's email template overrides (docs/mail.md "Template overrides"): every type × language
 * is the built-in default until the tenant saves its own; the mail-worker renders whichever exists.
 */
@Injectable()
export class MailTemplateService {
  constructor(
    @Inject(CONFIG) private readonly config: TokenServiceConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(MailTemplateRepository) private readonly templates: MailTemplateRepository,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(LinkMessageRenderer) private readonly renderer: LinkMessageRenderer,
  ) {}

  async list(req: ListTemplatesRequest): Promise<ListTemplatesResponse> {
    const custom = new Map((await this.templates.list(this.db, req.tenantId)).map((r) => [`${r.type}:${r.language}`, r.updated_at]));
    const data = LINK_TYPES.flatMap((type) => SUPPORTED_LANGUAGES.map((language) => {
      const updatedAt = custom.get(`${type}:${language}`);
      return { type, language, source: updatedAt ? 'custom' as const : 'default' as const, updated_at: updatedAt ? new Date(updatedAt).toISOString() : null };
    }));
    return { data };
  }

  /** The override when there is one, else the default (compiled MJML HTML, text and subject). */
  async get(req: TemplateRef): Promise<TemplateView> {
    const key = templateKey(req.type, req.language);
    const row = await this.templates.find(this.db, req.tenantId, key.type, key.language);
    if (row) return toView(row);
    return { ...key, source: 'default', ...this.renderer.defaults(key.type, key.language), variables: TEMPLATE_VARIABLES, updated_at: null };
  }

  /** Validated as a whole (`400 invalid_template` with every issue), then saved with its audit event. */
  async put(req: PutTemplateRequest): Promise<TemplateView> {
    const key = templateKey(req.type, req.language);
    const templates = validTemplates(req);
    const row = await this.db.transaction(async (m) => {
      const saved = await this.templates.upsert(m, req.tenantId, key.type, key.language, templates);
      await this.audit(m, req, 'template.updated', key);
      return saved;
    });
    return toView(row);
  }

  /** Back to the default; `404 not_found` when there was no override. */
  async delete(req: DeleteTemplateRequest): Promise<void> {
    const key = templateKey(req.type, req.language);
    await this.db.transaction(async (m) => {
      if (!(await this.templates.delete(m, req.tenantId, key.type, key.language))) {
        throw new SesameError('not_found', `There is no ${key.type} template override in ${key.language}; the default is in use`);
      }
      await this.audit(m, req, 'template.deleted', key);
    });
  }

  /** Renders the unsaved templates of the request, or the saved override, or the default, with sample values. */
  async preview(req: PreviewTemplateRequest): Promise<RenderedTemplate> {
    const key = templateKey(req.type, req.language);
    const unsaved = req.template ? validTemplates(req.template) : null;
    const override = unsaved ?? (await this.templates.find(this.db, req.tenantId, key.type, key.language));
    const { policy } = await this.tenants.get(req.tenantId);
    const input = sampleMessageInput({
      ...key, publicBaseUrl: this.config.PUBLIC_BASE_URL, appName: policy.app.name, branding: policy.branding,
      actionName: req.actionName, shortMessage: req.shortMessage,
    });
    return this.renderer.renderEmail(input, override && { subject: override.subject, html: override.html, text: override.text });
  }

  /** Type and language only: the bodies stay out of the audit log. */
  private audit(m: Parameters<typeof audit>[0], req: DeleteTemplateRequest, action: string, key: TemplateKey): Promise<void> {
    return audit(m, { tenantId: req.tenantId, action, subjectType: 'mail_template', subjectId: null, actor: req.actor, data: { ...key } });
  }
}

function toView(r: TemplateRow): TemplateView {
  return {
    type: r.type, language: r.language, source: 'custom', subject: r.subject, html: r.html, text: r.text,
    variables: TEMPLATE_VARIABLES, updated_at: new Date(r.updated_at).toISOString(),
  };
}
