import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';
import type { PublicTenant, PublicTenantRequest } from '@sesame/messaging';
import { withPolicy } from '@sesame/persistence';

/** What the gateway's public pages and endpoints need to know about a tenant (`tenants.public`). */
@Injectable()
export class PublicTenantService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The tenant behind a public URL's slug, with its policy (CORS origins, limits, redirects). */
  async publicTenant(req: PublicTenantRequest): Promise<PublicTenant> {
    const rows = req.id
      ? await this.db.query(`SELECT id, slug, name, policy, disabled_at FROM tenants WHERE id = $1`, [req.id])
      : await this.db.query(`SELECT id, slug, name, policy, disabled_at FROM tenants WHERE slug = $1`, [req.slug ?? '']);
    if (!rows[0]) throw new SesameError('not_found', 'No such tenant');
    return { ...withPolicy(rows[0]), disabled: rows[0].disabled_at !== null };
  }
}
