import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { authFlowStatus } from '@sesame/domain';
import type { AuthFlowView } from '@sesame/messaging';

type Db = Pick<EntityManager, 'query'>;

interface AuthFlowRow {
  id: string;
  application_id: string;
  auth_flow: AuthFlowView['auth_flow'];
  user_id: string;
  link_id: string;
  expires_at: Date;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS = 'id, application_id, auth_flow, user_id, link_id, expires_at, created_at, completed_at';

/** Auth flows of a tenant. Completion is written by the link-consumed trigger (migration 1795000006000). */
@Injectable()
export class AuthFlowRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Inserts the flow and marks its login link as the flow's factor, in the caller's transaction. */
  async insert(
    m: Db, f: { id: string; tenantId: string; applicationId: string; authFlow: string; userId: string; linkId: string },
  ): Promise<AuthFlowView> {
    const rows: AuthFlowRow[] = await m.query(
      `WITH l AS (
         UPDATE magic_links SET auth_flow_id = $1 WHERE tenant_id = $2 AND id = $6 RETURNING expires_at
       )
       INSERT INTO auth_flows (id, tenant_id, application_id, auth_flow, user_id, link_id, expires_at)
       SELECT $1, $2, $3, $4, $5, $6, l.expires_at FROM l
       RETURNING ${COLUMNS}`,
      [f.id, f.tenantId, f.applicationId, f.authFlow, f.userId, f.linkId],
    );
    return toAuthFlowView(rows[0]);
  }

  async findById(tenantId: string, id: string): Promise<AuthFlowView | null> {
    const rows: AuthFlowRow[] = await this.db.query(`SELECT ${COLUMNS} FROM auth_flows WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ? toAuthFlowView(rows[0]) : null;
  }
}

function toAuthFlowView(r: AuthFlowRow): AuthFlowView {
  const expiresAt = new Date(r.expires_at);
  const completedAt = r.completed_at ? new Date(r.completed_at) : null;
  return {
    id: r.id, application_id: r.application_id, auth_flow: r.auth_flow, user_id: r.user_id,
    status: authFlowStatus({ completedAt, expiresAt }), link_id: r.link_id, expires_at: expiresAt.toISOString(),
    created_at: new Date(r.created_at).toISOString(), completed_at: completedAt?.toISOString() ?? null,
  };
}
