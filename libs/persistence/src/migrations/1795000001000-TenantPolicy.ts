import { MigrationInterface, QueryRunner } from 'typeorm';

/** Folds the tenant's app origin and redirect settings into one JSONB policy document. */
export class TenantPolicy1795000001000 implements MigrationInterface {
  name = 'TenantPolicy1795000001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenants" ADD "policy" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      UPDATE "tenants" SET "policy" = jsonb_build_object(
        'app', jsonb_build_object('name', "name", 'origin', "app_origin"),
        'redirect', jsonb_build_object('enabled', "redirect_enabled", 'allowed_urls', to_jsonb("allowed_redirect_urls")))`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "app_origin"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "redirect_enabled"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "allowed_redirect_urls"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenants" ADD "allowed_redirect_urls" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "redirect_enabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "app_origin" character varying(2048) NOT NULL DEFAULT ''`);
    await queryRunner.query(`
      UPDATE "tenants" SET
        "app_origin" = COALESCE("policy"->'app'->>'origin', ''),
        "redirect_enabled" = COALESCE(("policy"->'redirect'->>'enabled')::boolean, false),
        "allowed_redirect_urls" = COALESCE(ARRAY(SELECT jsonb_array_elements_text("policy"->'redirect'->'allowed_urls')), '{}')`);
    await queryRunner.query(`ALTER TABLE "tenants" ALTER COLUMN "app_origin" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "policy"`);
  }
}
