import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user may have a phone and no email: Passage creates the user of a phone-only magic-link request
 * ("If the user does not exist, they will be created"). Every user still has one or the other.
 */
export class UsersPhoneOnly1795000018000 implements MigrationInterface {
  name = 'UsersPhoneOnly1795000018000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_email_or_phone" CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_email_or_phone"`);
    // Phone-only users cannot exist in the older schema.
    await queryRunner.query(`DELETE FROM "users" WHERE "email" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL`);
  }
}
