import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a link request says about its message: channel (email or sms) and phone, the Auth Armor
 * action name and short message; users get a preferred language and a phone (E.164, unique per
 * tenant); a delivery records its channel.
 */
export class LinkDeliveryFields1795000002000 implements MigrationInterface {
  name = 'LinkDeliveryFields1795000002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "magic_links" ADD "channel" character varying(8) NOT NULL DEFAULT 'email'`);
    await queryRunner.query(`ALTER TABLE "magic_links" ADD "phone" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "magic_links" ADD "action_name" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "magic_links" ADD "short_message" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "language" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "phone" character varying(16)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_tenant_phone" ON "users" ("tenant_id", "phone") WHERE phone IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "mail_deliveries" ADD "channel" character varying(8) NOT NULL DEFAULT 'email'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_deliveries" DROP COLUMN "channel"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_tenant_phone"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP COLUMN "short_message"`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP COLUMN "action_name"`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP COLUMN "channel"`);
  }
}
