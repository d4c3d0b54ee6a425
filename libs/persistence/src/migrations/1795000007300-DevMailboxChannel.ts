import { MigrationInterface, QueryRunner } from 'typeorm';

/** The dev mailbox says which channel a message went by (`email` or `sms`), for its list and message pages. */
export class DevMailboxChannel1795000007300 implements MigrationInterface {
  name = 'DevMailboxChannel1795000007300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dev_mailbox" ADD "channel" character varying(8) NOT NULL DEFAULT 'email'`);
    // Before this column the sms outbox transport marked its rows with from_address 'sms'.
    await queryRunner.query(`UPDATE "dev_mailbox" SET "channel" = 'sms' WHERE "from_address" = 'sms'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dev_mailbox" DROP COLUMN "channel"`);
  }
}
