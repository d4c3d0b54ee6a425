import type { PolicyIssue, PolicySection } from './policy-section';

export const DEFAULT_USED_LINKS_DAYS = 30;
export const MIN_USED_LINKS_DAYS = 0;
export const MAX_USED_LINKS_DAYS = 400;

export interface RetentionPolicy {
  /**
   * Days a consumed or revoked link (and what cascades from it) is kept for audit before the
   * scheduler deletes it. Expired, never-used links are deleted promptly whatever this says.
   */
  used_links_days: number;
}

export const retentionSection: PolicySection<RetentionPolicy> = {
  key: 'retention',
  defaults: () => ({ used_links_days: DEFAULT_USED_LINKS_DAYS }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    const days = value.used_links_days;
    if (!Number.isInteger(days) || days < MIN_USED_LINKS_DAYS || days > MAX_USED_LINKS_DAYS) {
      issues.push({
        path: 'retention.used_links_days',
        message: `must be an integer from ${MIN_USED_LINKS_DAYS} to ${MAX_USED_LINKS_DAYS}`,
      });
    }
    return issues;
  },
};

/**
 * The retention a tenant actually gets: its policy value held between the deployment's floor and
 * ceiling (RETENTION_MIN_DAYS / RETENTION_MAX_DAYS). A ceiling below the floor wins.
 */
export function effectiveRetentionDays(policyDays: number, floorDays: number, ceilingDays: number): number {
  return Math.min(Math.max(policyDays, floorDays), ceilingDays);
}
