import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention: a record of every purge run, and the indexes that make each purge batch a range scan
 * (consumed and revoked links per tenant, used exchange codes, deliveries by age) and keep the
 * cascade from a deleted link to its exchange codes an index probe.
 */
export class Retention1795000004000 implements MigrationInterface {
  name = 'Retention1795000004000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "retention_runs" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "purge" character varying(64) NOT NULL, "replica" character varying(128) NOT NULL, "outcome" character varying(16) NOT NULL, "examined" bigint NOT NULL DEFAULT '0', "deleted" bigint NOT NULL DEFAULT '0', "batches" integer NOT NULL DEFAULT '0', "duration_ms" integer NOT NULL, "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_retention_runs" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_retention_runs_started" ON "retention_runs" ("started_at")`);
    await queryRunner.query(`CREATE INDEX "ix_retention_runs_purge_started" ON "retention_runs" ("purge", "started_at")`);
    await queryRunner.query(`CREATE INDEX "ix_magic_links_tenant_consumed" ON "magic_links" ("tenant_id", "consumed_at") WHERE consumed_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_magic_links_tenant_revoked" ON "magic_links" ("tenant_id", "revoked_at") WHERE revoked_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_exchange_codes_link" ON "exchange_codes" ("link_id")`);
    await queryRunner.query(`CREATE INDEX "ix_exchange_codes_used" ON "exchange_codes" ("used_at") WHERE used_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_mail_deliveries_created" ON "mail_deliveries" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_created" ON "webhook_deliveries" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_deliveries_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exchange_codes_used"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exchange_codes_link"`);
    await queryRunner.query(`DROP INDEX "public"."ix_magic_links_tenant_revoked"`);
    await queryRunner.query(`DROP INDEX "public"."ix_magic_links_tenant_consumed"`);
    await queryRunner.query(`DROP TABLE "retention_runs"`);
  }
}
