import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantPolicy } from '@sesame/domain';

@Injectable()
export class TenantRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Inserts unless the id (the request id) or slug exists; returns false when nothing was inserted. */
  async insert(
    m: EntityManager,
    t: { id: string; slug: string; name: string; policy: TenantPolicy },
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [t.id, t.slug, t.name, JSON.stringify(t.policy)],
    );
    return rows.length === 1;
  }

  async findById(id: string): Promise<{ id: string; slug: string; name: string } | null> {
    const rows = await this.db.query(`SELECT id, slug, name FROM tenants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async slugExists(slug: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM tenants WHERE slug = $1`, [slug]);
    return rows.length > 0;
  }
}
