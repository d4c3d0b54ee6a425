import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantPolicy } from '@sesame/domain';
import { TenantWithPolicy, withPolicy } from '@sesame/persistence';

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

  /** The tenant and its policy, locked for a read-modify-write in the caller's transaction. */
  async lockPolicy(m: EntityManager, id: string): Promise<TenantWithPolicy | null> {
    const rows = await m.query(`SELECT id, slug, name, policy FROM tenants WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? withPolicy(rows[0]) : null;
  }

  async savePolicy(m: EntityManager, id: string, policy: TenantPolicy): Promise<void> {
    await m.query(`UPDATE tenants SET policy = $2, updated_at = now() WHERE id = $1`, [id, JSON.stringify(policy)]);
  }
}
