import type { EntityManager } from 'typeorm';
import { resolvePolicy, TenantPolicy } from '@sesame/domain';

export interface TenantWithPolicy {
  id: string;
  slug: string;
  name: string;
  policy: TenantPolicy;
  /** Disabled (or deleted) by the operator; set by loadTenantPolicy. */
  disabled?: boolean;
}

/** Reads a tenant and its policy (over today's defaults); null when there is no such tenant. */
export async function loadTenantPolicy(db: Pick<EntityManager, 'query'>, tenantId: string): Promise<TenantWithPolicy | null> {
  const rows: { id: string; slug: string; name: string; policy: Record<string, unknown>; disabled: boolean }[] = await db.query(
    `SELECT id, slug, name, policy, disabled_at IS NOT NULL AS disabled FROM tenants WHERE id = $1`,
    [tenantId],
  );
  return rows[0] ? { ...withPolicy(rows[0]), disabled: rows[0].disabled } : null;
}

export function withPolicy(row: { id: string; slug: string; name: string; policy: Record<string, unknown> }): TenantWithPolicy {
  const app = (row.policy?.app ?? {}) as { origin?: unknown };
  const appOrigin = typeof app.origin === 'string' ? app.origin : '';
  return { id: row.id, slug: row.slug, name: row.name, policy: resolvePolicy(row.policy, { tenantName: row.name, appOrigin }) };
}

/** SQL for a tenant's app origin inside a statement (`t` aliasing tenants). */
