import { MigrationInterface, QueryRunner } from 'typeorm';

/** Test sends of email templates: what the mail job of one names, and the tenant's hourly limit. */
export class TemplateTestSends1795000007000 implements MigrationInterface {
  name = 'TemplateTestSends1795000007000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "template_test_sends" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "language" character varying(8) NOT NULL, "to_address" character varying(320) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "claimed_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "provider" character varying(32), "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_template_test_sends" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_template_test_sends_created" ON "template_test_sends" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_template_test_sends_tenant_created" ON "template_test_sends" ("tenant_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "template_test_sends" ADD CONSTRAINT "fk_template_test_sends_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "template_test_sends"`);
  }
}
