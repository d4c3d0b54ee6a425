import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export interface UserCredentials {
  id: string;
  email: string;
  status: string;
  password_hash: string | null;
}

/** Users' password hashes: read for a first factor, written by set and reset. Tenant-scoped. */
@Injectable()
export class PasswordRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async findByEmail(tenantId: string, email: string): Promise<UserCredentials | null> {
    const rows = await this.db.query(
      `SELECT id, email, status, password_hash FROM users WHERE tenant_id = $1 AND email = $2`,
      [tenantId, email.toLowerCase()],
    );
    return rows[0] ?? null;
  }

  /** Stores (or with null removes) the hash; null when the user does not exist. */
  async setHash(m: Db, tenantId: string, userId: string, hash: string | null): Promise<{ id: string; email: string; password_changed_at: Date | null } | null> {
    const [rows] = (await m.query(
      `UPDATE users SET password_hash = $3, password_changed_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING id, email, password_changed_at`,
      [tenantId, userId, hash],
    )) as [{ id: string; email: string; password_changed_at: Date | null }[], number];
    return rows[0] ?? null;
  }
}
