import { validateAppOrigin } from '../redirect-policy';
import { issueFrom, PolicyIssue, PolicySection } from './policy-section';

export interface AppPolicy {
  /** Shown in emails and hosted pages. */
  name: string;
  /** `scheme://host[:port]`: base of relative redirects, default redirect target, CORS origin. */
  origin: string;
  /** From address of emails; null uses the deployment's MAIL_FROM. */
  sender_address: string | null;
  /** Language of emails when neither the request nor the user names one. */
  default_language: string;
}

/** `en`, `pt-BR`: a primary language subtag, optionally a region. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export const appSection: PolicySection<AppPolicy> = {
  key: 'app',
  defaults: (ctx) => ({ name: ctx.tenantName, origin: ctx.appOrigin, sender_address: null, default_language: 'en' }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (value.name.trim() === '' || value.name.length > 200) issues.push({ path: 'app.name', message: 'must be 1 to 200 characters' });
    issues.push(...issueFrom('app.origin', () => (value.origin = validateAppOrigin(value.origin))));
    if (value.sender_address !== null && (value.sender_address.length > 254 || !EMAIL.test(value.sender_address))) {
      issues.push({ path: 'app.sender_address', message: 'must be an email address' });
    }
    if (!LANGUAGE_TAG.test(value.default_language)) {
      issues.push({ path: 'app.default_language', message: 'must be a language tag such as "en" or "pt-BR"' });
    }
    return issues;
  },
};
