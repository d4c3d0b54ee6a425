import { BRANDING_FIELDS, brandingSection, BrandingPolicy, SesameError, supportedLanguage, SUPPORTED_LANGUAGES } from '@sesame/domain';
import { HostedPage } from './html';
import { confirmPage, problemPage } from './link-pages';
import { PageContext, pageContext, PageTenant } from './page-context';
import { signInRequestPage, signInWaitingPage } from './sign-in-pages';

const SAMPLE_TOKEN = 'sample-link-preview';
const SAMPLE_REQUEST = '00000000-0000-4000-8000-000000000000';

/** The sample pages a console can preview, each rendered by the real page function. */
export const PREVIEW_PAGES: Record<string, (ctx: PageContext, slug: string) => HostedPage> = {
  confirm: (ctx) => confirmPage(ctx, SAMPLE_TOKEN, 'login', new Date(Date.now() + 15 * 60_000).toISOString()),
  expired: (ctx) => problemPage(ctx, 'expired'),
  sign_in: (ctx, slug) => signInRequestPage(ctx, slug, null),
  waiting: (ctx, slug) => signInWaitingPage(ctx, {
    slug, requestId: SAMPLE_REQUEST, matchCode: 'K7P-4QX', expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), refreshSeconds: 0,
    resendLimit: { points: 5, window_seconds: 3600 },
  }),
};

export interface PreviewQuery {
  page?: unknown;
  language?: unknown;
  [field: string]: unknown;
}

/**
 * A sample hosted page with the tenant's branding, or with a proposed one: query fields named as
 * the policy's `branding` fields replace the saved values (empty = none), checked by the same rules
 * as a policy PATCH, so what previews is what would save.
 */
export function brandingPreview(tenant: PageTenant, query: PreviewQuery): { ctx: PageContext; page: HostedPage } {
  const page = query.page ?? 'confirm';
  if (typeof page !== 'string' || !Object.hasOwn(PREVIEW_PAGES, page)) {
    throw new SesameError('validation_failed', `page must be one of ${Object.keys(PREVIEW_PAGES).join(', ')}`);
  }
  const language = query.language === undefined ? null : supportedLanguage(String(query.language));
  if (query.language !== undefined && !language) {
    throw new SesameError('unsupported_language', `Unsupported language; one of ${SUPPORTED_LANGUAGES.join(', ')}`, { supported: SUPPORTED_LANGUAGES });
  }
  const branding: BrandingPolicy = { ...tenant.policy.branding };
  for (const field of BRANDING_FIELDS) {
    const value = query[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new SesameError('validation_failed', `${field} must be given once`);
    if (field === 'primary_color') branding.primary_color = value;
    else branding[field] = value === '' ? null : value;
  }
  const issues = brandingSection.validate(branding);
  if (issues.length) throw new SesameError('validation_failed', issues.map((i) => `${i.path} ${i.message}`).join('; '), { issues });
  const ctx = pageContext({ ...tenant, policy: { ...tenant.policy, branding } }, null, language ?? tenant.policy.app.default_language);
  return { ctx, page: PREVIEW_PAGES[page](ctx, tenant.slug) };
}
