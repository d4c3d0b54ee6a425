/**
 * A tenant policy is a JSON document made of sections (links, redirect, app, users, …). Each
 * section owns its defaults and its semantic checks; `policy.ts` does the generic work (merging a
 * patch, refusing unknown fields and wrong JSON types) for every section alike.
 *
 * To add a section: write `<name>.section.ts` exporting its type and a PolicySection, then add it
 * to TenantPolicy and POLICY_SECTIONS in policy.ts.
 */
export interface PolicyIssue {
  /** Dotted path of the offending field, e.g. `links.login.ttl_seconds`. */
  path: string;
  message: string;
}

/** What a tenant's defaults may depend on. */
export interface PolicyContext {
  tenantName: string;
  appOrigin: string;
}

export interface PolicySection<S> {
  readonly key: string;
  /** The complete section for a new tenant. Every field is present (optional ones as null). */
  defaults(ctx: PolicyContext): S;
  /** Semantic checks on a complete section; returns the issues (none when valid) and may normalise in place. */
  validate(value: S): PolicyIssue[];
}

/** Runs a validator that throws (the redirect and origin checks do) and turns the throw into an issue. */
export function issueFrom(path: string, check: () => unknown): PolicyIssue[] {
  try {
    check();
    return [];
  } catch (err) {
    return [{ path, message: err instanceof Error ? err.message : String(err) }];
  }
}
