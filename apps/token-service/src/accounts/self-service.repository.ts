import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SelfServiceUser } from '@sesame/domain';

/** What a self-service request needs to know about an address. Tenant-scoped. */
@Injectable()
export class SelfServiceRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async userByEmail(tenantId: string, email: string): Promise<SelfServiceUser | null> {
    const rows: Array<{ status: SelfServiceUser['status']; verified: boolean }> = await this.db.query(
      `SELECT status, email_verified_at IS NOT NULL AS verified FROM users WHERE tenant_id = $1 AND email = $2`,
      [tenantId, email],
    );
    return rows[0] ? { status: rows[0].status, emailVerified: rows[0].verified } : null;
  }
}
