import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';

export interface TenantSettings {
  id: string;
  name: string;
  appOrigin: string;
  redirectEnabled: boolean;
  allowedRedirectUrls: string[];
}

const TTL_MS = 5000;

/**
 * Tenant settings read on every link create, cached for a few seconds per process so the hot
 * path stays one SQL statement. Settings changes take effect within TTL_MS.
 */
@Injectable()
export class TenantCache {
  private readonly entries = new Map<string, { value: TenantSettings; until: number }>();

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const hit = this.entries.get(tenantId);
    if (hit && hit.until > Date.now()) return hit.value;
    const rows: TenantSettings[] = await this.db.query(
      `SELECT id, name, app_origin AS "appOrigin", redirect_enabled AS "redirectEnabled",
              allowed_redirect_urls AS "allowedRedirectUrls"
       FROM tenants WHERE id = $1`,
      [tenantId],
    );
    if (!rows[0]) throw new SesameError('not_found', 'Tenant not found');
    this.entries.set(tenantId, { value: rows[0], until: Date.now() + TTL_MS });
    return rows[0];
  }

  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
