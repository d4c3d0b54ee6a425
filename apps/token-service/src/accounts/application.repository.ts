import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationView } from '@sesame/messaging';

type Db = Pick<EntityManager, 'query'>;

export interface ApplicationRow {
  id: string;
  name: string;
  auth_flow: ApplicationView['auth_flow'];
  enabled: boolean;
  redirect_url: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, auth_flow, enabled, redirect_url, created_at, updated_at';

/** Applications of a tenant; every query is scoped by tenant id. */
@Injectable()
export class ApplicationRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** null when the name is taken (or the request id was applied already). */
  async insert(m: Db, a: { id: string; tenantId: string; name: string; authFlow: string; enabled: boolean; redirectUrl: string | null }): Promise<ApplicationRow | null> {
    const rows = await m.query(
      `INSERT INTO applications (id, tenant_id, name, auth_flow, enabled, redirect_url) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [a.id, a.tenantId, a.name, a.authFlow, a.enabled, a.redirectUrl],
    );
    return rows[0] ?? null;
  }

  async findById(tenantId: string, id: string, m: Db = this.db): Promise<ApplicationRow | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM applications WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  /** By id when `ref` is a UUID, else by name. */
  async findByRef(tenantId: string, ref: string): Promise<ApplicationRow | null> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM applications WHERE tenant_id = $1 AND ${byId ? 'id = $2::uuid' : 'name = $2'}`,
      [tenantId, ref],
    );
    return rows[0] ?? null;
  }

  async list(tenantId: string): Promise<ApplicationRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM applications WHERE tenant_id = $1 ORDER BY name`, [tenantId]);
  }

  async update(
    m: Db, tenantId: string, id: string, a: { name: string; authFlow: string; enabled: boolean; redirectUrl: string | null },
  ): Promise<ApplicationRow | null> {
    const [rows] = (await m.query(
      `UPDATE applications SET name = $3, auth_flow = $4, enabled = $5, redirect_url = $6, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, a.name, a.authFlow, a.enabled, a.redirectUrl],
    )) as [ApplicationRow[], number];
    return rows[0] ?? null;
  }

  async delete(m: Db, tenantId: string, id: string): Promise<ApplicationRow | null> {
    const [rows] = (await m.query(`DELETE FROM applications WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [tenantId, id])) as [
      ApplicationRow[], number,
    ];
    return rows[0] ?? null;
  }
}

export function toApplicationView(r: ApplicationRow): ApplicationView {
  return {
    id: r.id, name: r.name, auth_flow: r.auth_flow, enabled: r.enabled, redirect_url: r.redirect_url,
    created_at: new Date(r.created_at).toISOString(), updated_at: new Date(r.updated_at).toISOString(),
  };
}
