import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MessageTemplates } from '@sesame/mail-templates';
import { ProviderColumn, TenantProvider, tenantProviderOf, tenantProviderSql } from '../claimed-delivery';
import { ClaimColumns } from '../claims/claim-columns';
import type { ClaimedSend, ClaimOwner, ClaimResult, SendKey, SendStore } from '../claims/send-store';
import type { SendResult } from '../transports/mail-transport';

/** A template test send this worker now holds (`sending`), with what rendering and sending need. */
export interface ClaimedTemplateTest extends ClaimedSend {
  type: string;
  language: string;
  toAddress: string;
  appName: string;
  senderAddress: string | null;
  branding: Record<string, unknown> | null;
  /** The tenant's override of this type and language as saved now; null: the default. */
  override: MessageTemplates | null;
  provider: TenantProvider | null;
}

const CLAIMS = new ClaimColumns('template_test_sends', {
  status: 'status', attempts: 'attempts', claimedAt: 'claimed_at', jobId: 'claim_job_id', jobAttempt: 'claim_job_attempt', claimedBy: 'claimed_by',
});

/** Claims a template test (ClaimColumns: when a row is claimable), with what rendering and sending need. */
const CLAIM_SQL = `
UPDATE template_test_sends s
SET ${CLAIMS.set('s')}
FROM tenants t
WHERE s.id = $1 AND s.tenant_id = $2 AND t.id = s.tenant_id AND ${CLAIMS.claimable('s')}
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

const FENCE = CLAIMS.fence;

/** SQL for template_test_sends as the claim-then-send protocol uses them; every statement is scoped by tenant id. */
@Injectable()
export class TemplateTestRepository implements SendStore<ClaimedTemplateTest> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimResult<ClaimedTemplateTest>> {
    const claimed = await this.claimOne(key, owner, claimTimeoutMs);
    return claimed ? { claimed } : { claimed: null, state: await CLAIMS.state(this.db, key, owner, claimTimeoutMs) };
  }

  holds(t: ClaimedTemplateTest): Promise<boolean> {
    return CLAIMS.holds(this.db, t);
  }

  private async claimOne(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimedTemplateTest | null> {
    const [rows] = (await this.db.query(CLAIM_SQL, CLAIMS.params(key, owner, claimTimeoutMs))) as [ClaimRow[], number];
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id, tenantId: r.tenant_id, type: r.type, language: r.language, toAddress: r.to_address, attempts: r.attempts,
      appName: r.app_name, senderAddress: r.sender_address, branding: r.branding, override: r.override,
      provider: tenantProviderOf(r.provider), now: r.now,
    };
  }

  /** The provider accepted it (recorded even if another worker took the claim over meanwhile). */
  async markSent(t: ClaimedTemplateTest, { provider }: SendResult): Promise<boolean> {
    const [, count] = await this.db.query(
      `UPDATE template_test_sends SET status = 'sent', sent_at = now(), claimed_at = NULL, provider = $3, error = NULL
       WHERE id = $1 AND tenant_id = $2 AND ${CLAIMS.unsent()}`,
      [t.id, t.tenantId, provider],
    );
    return count > 0;
  }

  /** A test send keeps no token: skipping is failing with the reason. */
  markSkipped(t: ClaimedTemplateTest, reason: string): Promise<boolean> {
    return this.markFailed(t, reason);
  }

  async markFailed(t: ClaimedTemplateTest, error: string): Promise<boolean> {
    const [, count] = await this.db.query(`UPDATE template_test_sends SET status = 'failed', claimed_at = NULL, error = $4 WHERE ${FENCE}`, [
      t.id, t.tenantId, t.attempts, error,
    ]);
    return count > 0;
  }

  release(t: ClaimedTemplateTest, error: string): Promise<boolean> {
    return CLAIMS.release(this.db, t, 'error', error);
  }
}
