import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox NOTIFY fired for every INSERT statement, including the many that insert nothing: an
 * event step such as `INSERT INTO outbox … WHERE EXISTS (a subscribed endpoint)` runs in every
 * link creation and every sent mail. Each empty NOTIFY woke the relay for an empty drain (a
 * transaction and a locking SELECT), as much database work as the send itself. Now the trigger
 * looks at the statement's inserted rows (a transition table) and stays silent when there are none.
 */
export class OutboxNotifyOnInsertedRows1795000007301 implements MigrationInterface {
  name = 'OutboxNotifyOnInsertedRows1795000007301';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION sesame_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM inserted) THEN
          PERFORM pg_notify('sesame_outbox', '');
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP TRIGGER outbox_notify ON "outbox"`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox"
      REFERENCING NEW TABLE AS inserted
      FOR EACH STATEMENT EXECUTE FUNCTION sesame_outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_notify ON "outbox"`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION sesame_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sesame_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION sesame_outbox_notify()`);
  }
}
