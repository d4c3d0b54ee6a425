import type { Actor } from './rpc-contracts';

/**
 * RPC patterns and shapes of tenant email template overrides (docs/mail.md "Template overrides").
 * `type` and `language` arrive as the client wrote them in the path; token-service checks them.
 */
export const TEMPLATE_RPC = {
  templatesList: 'templates.list',
  templatesGet: 'templates.get',
  templatesPut: 'templates.put',
  templatesDelete: 'templates.delete',
  templatesPreview: 'templates.preview',
  templatesTestSend: 'templates.test-send',
} as const;

/** `custom`: the tenant saved an override; `default`: the built-in template is used. */
export type TemplateSource = 'default' | 'custom';

/** The Mustache sources of one email: what an override replaces. */
export interface TemplateBodies {
  subject: string;
  html: string;
  text: string;
}

export interface TemplateSummary {
  type: string;
  language: string;
  source: TemplateSource;
  /** When the override was last saved; null for a default. */
  updated_at: string | null;
}
export interface ListTemplatesRequest {
  tenantId: string;
}
export interface ListTemplatesResponse {
  data: TemplateSummary[];
}

export interface TemplateRef {
  tenantId: string;
  type: string;
  language: string;
}

export interface TemplateView extends TemplateSummary, TemplateBodies {
  /** Every variable a template may use, name → description. */
  variables: Record<string, string>;
}

/** The bodies as the client sent them: token-service validates them as a whole (a missing one is an issue reported). */
export interface PutTemplateRequest extends TemplateRef, Partial<TemplateBodies> {
  actor: Actor;
}

export interface DeleteTemplateRequest extends TemplateRef {
  actor: Actor;
}

/** Renders `template` (unsaved, validated first) when given, else the saved override or the default. */
export interface PreviewTemplateRequest extends TemplateRef {
  template?: Partial<TemplateBodies>;
  actionName?: string;
  shortMessage?: string;
}
export type RenderedTemplate = TemplateBodies;

export interface TestSendTemplateRequest extends TemplateRef {
  requestId: string;
  to: string;
  actor: Actor;
}
/** `id` names the queued test send; the mail arrives through the tenant's transport. */
export interface TestSendTemplateResponse {
  id: string;
  to: string;
}
