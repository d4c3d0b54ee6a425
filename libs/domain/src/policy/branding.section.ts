import { contrastRatio, HEX_COLOR, WCAG_AA_CONTRAST } from '../color-contrast';
import type { PolicyIssue, PolicySection } from './policy-section';

/** How the tenant's emails and hosted pages look (Entrust "customize email templates to match your branding"). */
export interface BrandingPolicy {
  /** https URL of a logo shown above the email and on every hosted page; null for none. */
  logo_url: string | null;
  /** Button and link colour, `#rrggbb`, with white text: it must reach WCAG AA (4.5:1) against white. */
  primary_color: string;
  /** Footer line of every email and hosted page (e.g. company and postal address); null for "Sent by <app name>." */
  footer: string | null;
  /** https (or mailto:) address of the app's help, linked from every hosted page's footer; null for none. */
  support_url: string | null;
  /** https URL of the hosted pages' favicon; null for the browser's default. */
  favicon_url: string | null;
}

export const brandingSection: PolicySection<BrandingPolicy> = {
  key: 'branding',
  defaults: () => ({ logo_url: null, primary_color: '#1d4ed8', footer: null, support_url: null, favicon_url: null }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    for (const field of ['logo_url', 'favicon_url'] as const) {
      const url = value[field];
      if (url !== null && !isImageUrl(url)) issues.push({ path: `branding.${field}`, message: 'must be an https URL of at most 2048 characters' });
    }
    if (value.support_url !== null && !isSupportUrl(value.support_url)) {
      issues.push({ path: 'branding.support_url', message: 'must be an https or mailto: URL of at most 2048 characters' });
    }
    if (!HEX_COLOR.test(value.primary_color)) {
      issues.push({ path: 'branding.primary_color', message: 'must be a colour such as "#1d4ed8"' });
    } else {
      // Buttons carry white text in this colour and links use it on white: both must stay readable.
      const ratio = contrastRatio(value.primary_color, '#ffffff');
      if (ratio < WCAG_AA_CONTRAST) {
        issues.push({
          path: 'branding.primary_color',
          message: `contrast against white text is ${ratio.toFixed(2)}:1; WCAG AA needs at least ${WCAG_AA_CONTRAST}:1 (choose a darker colour)`,
        });
      }
    }
    if (value.footer !== null && (value.footer.trim() === '' || value.footer.length > 500)) {
      issues.push({ path: 'branding.footer', message: 'must be 1 to 500 characters' });
    }
    return issues;
  },
};

export const BRANDING_FIELDS = ['logo_url', 'primary_color', 'footer', 'support_url', 'favicon_url'] as const satisfies readonly (keyof BrandingPolicy)[];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https, or http on a loopback host: browsers treat loopback as a secure origin (no mixed-content
 * block), which lets a local installation serve its own logo.
 */
function isImageUrl(value: string): boolean {
  const url = parsed(value);
  return url !== null && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
}

function isSupportUrl(value: string): boolean {
  const url = parsed(value);
  return url !== null && (url.protocol === 'https:' || (url.protocol === 'mailto:' && url.pathname.includes('@')));
}

function parsed(value: string): URL | null {
  if (value.length > 2048) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
