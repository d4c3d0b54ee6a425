import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users get a per-user magic-link address; audit events name the end user they concern and are
 * indexed for the cursor-paginated, filtered audit list.
 */
export class UsersAndAudit1795000001100 implements MigrationInterface {
  name = 'UsersAndAudit1795000001100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "magic_link_email" character varying(320)`);
    await queryRunner.query(`CREATE INDEX "ix_users_tenant_created" ON "users" ("tenant_id", "created_at", "id")`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "user_id" uuid`);
    // Audit rows written before this migration: a link event's user is the link's user.
    await queryRunner.query(`
      UPDATE "audit_events" a SET "user_id" = l."user_id"
      FROM "magic_links" l WHERE a."subject_type" = 'magic_link' AND l."id" = a."subject_id" AND l."tenant_id" = a."tenant_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_tenant_id"`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_tenant_created" ON "audit_events" ("tenant_id", "created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_tenant_user" ON "audit_events" ("tenant_id", "user_id", "created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_tenant_subject" ON "audit_events" ("tenant_id", "subject_id", "created_at", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_tenant_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_tenant_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_tenant_created"`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_tenant_id" ON "audit_events" ("tenant_id", "id")`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "user_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_tenant_created"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "magic_link_email"`);
  }
}
