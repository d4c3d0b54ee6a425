import type { PolicyIssue, PolicySection } from './policy-section';

/** How the tenant's emails look (Entrust "customize email templates to match your branding"). */
export interface BrandingPolicy {
  /** https URL of a logo shown above the email; null for none. */
  logo_url: string | null;
  /** Button and link colour, `#rrggbb`. */
  primary_color: string;
  /** Footer line of every email (e.g. company and postal address); null for "Sent by <app name>." */
  footer: string | null;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export const brandingSection: PolicySection<BrandingPolicy> = {
  key: 'branding',
  defaults: () => ({ logo_url: null, primary_color: '#1d4ed8', footer: null }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (value.logo_url !== null && !isHttpsUrl(value.logo_url)) {
      issues.push({ path: 'branding.logo_url', message: 'must be an https URL of at most 2048 characters' });
    }
    if (!HEX_COLOR.test(value.primary_color)) issues.push({ path: 'branding.primary_color', message: 'must be a colour such as "#1d4ed8"' });
    if (value.footer !== null && (value.footer.trim() === '' || value.footer.length > 500)) {
      issues.push({ path: 'branding.footer', message: 'must be 1 to 500 characters' });
    }
    return issues;
  },
};

function isHttpsUrl(value: string): boolean {
  if (value.length > 2048) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
