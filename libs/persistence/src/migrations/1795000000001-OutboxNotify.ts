import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes the outbox relay the moment an outbox row commits (NOTIFY is delivered at commit), so
 * publishing needs no tight polling loop. One notification per statement, not per row.
 */
export class OutboxNotify1795000000001 implements MigrationInterface {
  name = 'OutboxNotify1795000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION sesame_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sesame_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION sesame_outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS outbox_notify ON "outbox"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS sesame_outbox_notify()`);
  }
}
