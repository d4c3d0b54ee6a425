import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { brandingSection, BrandingPolicy, SupportedLanguage } from '@sesame/domain';
import { Catalogue, CATALOGUES, chooseLanguage } from '@sesame/i18n';
import type { PublicTenant } from '@sesame/messaging';
import { TenantDirectory } from '../public/tenant-directory';

/** What every hosted page is rendered with: the tenant's look and the reader's language. */
export interface PageContext {
  language: SupportedLanguage;
  /** The catalogue of `language`: page strings are `ctx.t.pages.…`, typed. */
  t: Catalogue;
  branding: PageBranding;
}

export interface PageBranding extends BrandingPolicy {
  /** The policy's `app.name`; empty when the tenant is unknown (an unreadable link). */
  appName: string;
  /** Where "go back to the app" leads: the policy's `app.origin`; null when the tenant is unknown. */
  appOrigin: string | null;
  /** The tenant's hosted sign-in page, where "ask for a new link" leads. */
  signInPath: string | null;
}

/** The tenant fields a page context needs (a PublicTenant has them). */
export type PageTenant = Pick<PublicTenant, 'slug' | 'policy'>;

const DEFAULT_BRANDING = brandingSection.defaults({ tenantName: '', appOrigin: '' });

/**
 * The context of a page: the tenant's branding (Sesame's defaults when the tenant is unknown) and
 * the language chosen from the link's, then the browser's `Accept-Language`, then the tenant's default.
 */
export function pageContext(tenant: PageTenant | null, acceptLanguage?: string | string[] | null, linkLanguage?: string | null): PageContext {
  const language = chooseLanguage({ link: linkLanguage, acceptLanguage, tenantDefault: tenant?.policy.app.default_language });
  const branding: PageBranding = tenant
    ? {
      // Spread over the defaults: a policy stored before a field existed lacks it.
      ...DEFAULT_BRANDING, ...tenant.policy.branding,
      appName: tenant.policy.app.name, appOrigin: tenant.policy.app.origin, signInPath: `/p/${tenant.slug}/sign-in`,
    }
    : { ...DEFAULT_BRANDING, appName: '', appOrigin: null, signInPath: null };
  return { language, t: CATALOGUES[language], branding };
}

/** Page contexts in controllers: by tenant (or its id, as link RPCs report it) and request. */
@Injectable()
export class PageContexts {
  constructor(@Inject(TenantDirectory) private readonly tenants: TenantDirectory) {}

  /**
   * The context for a page about `tenant`. An unknown or unreachable tenant still gets a page, in
   * Sesame's look: the page that says "this link is not valid" must never fail itself.
   */
  async of(req: FastifyRequest, tenant: PageTenant | string | null | undefined, linkLanguage?: string | null): Promise<PageContext> {
    const t = typeof tenant === 'string' ? await this.tenants.byId(tenant).catch(() => null) : tenant ?? null;
    return pageContext(t, req.headers['accept-language'], linkLanguage);
  }
}
