import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key and tenant lifecycle: API keys get an expiry (also the end of a rotation's overlap), who
 * created them and when they were last used; tenants can be disabled and deleted (purged later by
 * the scheduler); operator actions on tenants are recorded in a table no tenant cascade reaches.
 */
export class KeyAndTenantLifecycle1795000017000 implements MigrationInterface {
  name = 'KeyAndTenantLifecycle1795000017000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "last_used_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "created_by_api_key_id" uuid`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "rotated_to_api_key_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_tenants_deleted" ON "tenants" ("deleted_at") WHERE deleted_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_tenants_created" ON "tenants" ("created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "operator_audit_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "action" character varying(64) NOT NULL,
        "tenant_id" uuid, "ip" character varying(64), "user_agent" text, "data" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_operator_audit_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_operator_audit_events_tenant_created" ON "operator_audit_events" ("tenant_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_operator_audit_events_created" ON "operator_audit_events" ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "operator_audit_events"`);
    await queryRunner.query(`DROP INDEX "ix_tenants_created"`);
    await queryRunner.query(`DROP INDEX "ix_tenants_deleted"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "deleted_at"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "disabled_at"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "rotated_to_api_key_id"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "created_by_api_key_id"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "last_used_at"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "expires_at"`);
  }
}
