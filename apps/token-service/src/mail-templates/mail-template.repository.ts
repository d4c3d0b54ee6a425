import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MessageTemplates } from '@sesame/mail-templates';

type Db = Pick<EntityManager, 'query'>;

export interface TemplateSummaryRow {
  type: string;
  language: string;
  updated_at: Date;
}

export interface TemplateRow extends TemplateSummaryRow, MessageTemplates {}

/** SQL for mail_templates (a tenant's overrides); every statement is scoped by tenant id. */
@Injectable()
export class MailTemplateRepository {
  list(db: Db, tenantId: string): Promise<TemplateSummaryRow[]> {
    return db.query(`SELECT type, language, updated_at FROM mail_templates WHERE tenant_id = $1`, [tenantId]);
  }

  async find(db: Db, tenantId: string, type: string, language: string): Promise<TemplateRow | null> {
    const rows = await db.query(
      `SELECT type, language, subject, html, text, updated_at FROM mail_templates WHERE tenant_id = $1 AND type = $2 AND language = $3`,
      [tenantId, type, language],
    );
    return rows[0] ?? null;
  }

  async upsert(m: Db, tenantId: string, type: string, language: string, t: MessageTemplates): Promise<TemplateRow> {
    const rows = await m.query(
      `INSERT INTO mail_templates (tenant_id, type, language, subject, html, text) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, type, language) DO UPDATE
         SET subject = EXCLUDED.subject, html = EXCLUDED.html, text = EXCLUDED.text, updated_at = now()
       RETURNING type, language, subject, html, text, updated_at`,
      [tenantId, type, language, t.subject, t.html, t.text],
    );
    return rows[0];
  }

  async delete(m: Db, tenantId: string, type: string, language: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, count].
    const [rows] = await m.query(
      `DELETE FROM mail_templates WHERE tenant_id = $1 AND type = $2 AND language = $3 RETURNING type`,
      [tenantId, type, language],
    );
    return rows.length > 0;
  }
}
