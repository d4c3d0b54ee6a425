import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A send claim records the queue job run that took it (job id and BullMQ's attemptsStarted) and the
 * worker (host:pid). A later run of the same job — BullMQ re-runs a stalled job only once the first
 * run's lock has expired — takes the claim over at once instead of waiting for SEND_CLAIM_TIMEOUT_MS.
 */
export class SendClaimJobFence1795000015000 implements MigrationInterface {
  name = 'SendClaimJobFence1795000015000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, prefix] of TABLES) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD "${prefix}claim_job_id" character varying(255), ADD "${prefix}claim_job_attempt" integer, ADD "${prefix}claimed_by" character varying(255)`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, prefix] of TABLES) {
      await queryRunner.query(
        `ALTER TABLE "${table}" DROP COLUMN "${prefix}claimed_by", DROP COLUMN "${prefix}claim_job_attempt", DROP COLUMN "${prefix}claim_job_id"`,
      );
    }
  }
}

const TABLES = [['mail_deliveries', ''], ['registrations', 'mail_'], ['template_test_sends', '']] as const;
