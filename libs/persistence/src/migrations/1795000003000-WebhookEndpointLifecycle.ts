import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints keep the previous signing secret for 24 h after a rotation, know since when
 * every attempt has failed (auto-disable after 5 days) and why they were disabled; deliveries keep
 * the start of the last response body and how often they were replayed.
 */
export class WebhookEndpointLifecycle1795000003000 implements MigrationInterface {
  name = 'WebhookEndpointLifecycle1795000003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "previous_sealed_secret" bytea`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "failing_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "disabled_reason" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD "last_response_body" text`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD "replays" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP COLUMN "replays"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP COLUMN "last_response_body"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "disabled_reason"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "failing_since"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret_expires_at"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_sealed_secret"`);
  }
}
