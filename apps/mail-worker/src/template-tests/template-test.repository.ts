import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MessageTemplates } from '@sesame/mail-templates';
import { ProviderColumn, TenantProvider, tenantProviderOf, tenantProviderSql } from '../claimed-delivery';

/** A template test send this worker now holds (`sending`), with what rendering and sending need. */
export interface ClaimedTemplateTest {
  id: string;
  tenantId: string;
  type: string;
  language: string;
  toAddress: string;
  /** The claim's number: fences later updates against a worker that took the claim over. */
  attempts: number;
  appName: string;
  senderAddress: string | null;
  branding: Record<string, unknown> | null;
  /** The tenant's override of this type and language as saved now; null: the default. */
  override: MessageTemplates | null;
  provider: TenantProvider | null;
  now: Date;
}

/** Same claim-then-send protocol as link deliveries: a job run twice calls the provider once. */
const CLAIM_SQL = `
UPDATE template_test_sends s
SET status = 'sending', claimed_at = now(), attempts = s.attempts + 1
FROM tenants t
WHERE s.id = $1 AND s.tenant_id = $2 AND t.id = s.tenant_id
  AND (s.status = 'queued' OR (s.status = 'sending' AND s.claimed_at < now() - $3::int * interval '1 millisecond'))
RETURNING s.id, s.tenant_id, s.type, s.language, s.to_address, s.attempts,
          COALESCE(t.policy->'app'->>'name', t.name) AS app_name, t.policy->'app'->>'sender_address' AS sender_address,
          t.policy->'branding' AS branding,
          (SELECT jsonb_build_object('subject', mt.subject, 'html', mt.html, 'text', mt.text)
             FROM mail_templates mt WHERE mt.tenant_id = s.tenant_id AND mt.type = s.type AND mt.language = s.language) AS override,
          ${tenantProviderSql('s.tenant_id', "'email'")} AS provider,
          now() AS now`;

interface ClaimRow {
  id: string;
  tenant_id: string;
  type: string;
  language: string;
  to_address: string;
  attempts: number;
  app_name: string;
  sender_address: string | null;
  branding: Record<string, unknown> | null;
  override: MessageTemplates | null;
  provider: ProviderColumn;
  now: Date;
}

const FENCE = `id = $1 AND tenant_id = $2 AND status = 'sending' AND attempts = $3`;

/** SQL for template_test_sends as the mail-worker sees them; every statement is scoped by tenant id. */
@Injectable()
export class TemplateTestRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(id: string, tenantId: string, claimTimeoutMs: number): Promise<ClaimedTemplateTest | null> {
    const [rows] = (await this.db.query(CLAIM_SQL, [id, tenantId, claimTimeoutMs])) as [ClaimRow[], number];
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id, tenantId: r.tenant_id, type: r.type, language: r.language, toAddress: r.to_address, attempts: r.attempts,
      appName: r.app_name, senderAddress: r.sender_address, branding: r.branding, override: r.override,
      provider: tenantProviderOf(r.provider), now: r.now,
    };
  }

  /** `queued`/`sending`/… and how long a live claim has left, for a job that found nothing to claim. */
  async state(id: string, tenantId: string, claimTimeoutMs: number): Promise<{ status: string; claimRemainingMs: number } | null> {
    const rows = await this.db.query(
      `SELECT status, COALESCE(EXTRACT(EPOCH FROM (claimed_at + $3::int * interval '1 millisecond' - now())) * 1000, 0)::float8 AS remaining
       FROM template_test_sends WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId, claimTimeoutMs],
    );
    return rows[0] ? { status: rows[0].status, claimRemainingMs: Number(rows[0].remaining) } : null;
  }

  /** The provider accepted it (recorded even if another worker took the claim over meanwhile). */
  async markSent(t: ClaimedTemplateTest, provider: string): Promise<void> {
    await this.db.query(
      `UPDATE template_test_sends SET status = 'sent', sent_at = now(), claimed_at = NULL, provider = $3, error = NULL
       WHERE id = $1 AND tenant_id = $2 AND status <> 'sent'`,
      [t.id, t.tenantId, provider],
    );
  }

  async markFailed(t: ClaimedTemplateTest, error: string): Promise<void> {
    await this.db.query(`UPDATE template_test_sends SET status = 'failed', claimed_at = NULL, error = $4 WHERE ${FENCE}`, [
      t.id, t.tenantId, t.attempts, error,
    ]);
  }

  async release(t: ClaimedTemplateTest, error: string): Promise<void> {
    await this.db.query(`UPDATE template_test_sends SET status = 'queued', claimed_at = NULL, error = $4 WHERE ${FENCE}`, [
      t.id, t.tenantId, t.attempts, error,
    ]);
  }
}
