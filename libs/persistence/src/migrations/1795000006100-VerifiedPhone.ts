import { MigrationInterface, QueryRunner } from 'typeorm';
import { LINK_CONSUMED_FUNCTION } from './1795000006000-AccountsAndFlows';

/**
 * Phones can be verified too (Passage `verify_identifier` with a phone): a verify_email link sent
 * or made for the sms channel marks the user's phone verified when consumed, and gives the user
 * that phone if they had none (unless another user of the tenant has it).
 */
export class VerifiedPhone1795000006100 implements MigrationInterface {
  name = 'VerifiedPhone1795000006100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "phone_verified_at" TIMESTAMP WITH TIME ZONE`);
    if (!LINK_CONSUMED_FUNCTION.includes(VERIFY_EMAIL_V1)) throw new Error('sesame_link_consumed() is not the expected version');
    await queryRunner.query(LINK_CONSUMED_FUNCTION_V2);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LINK_CONSUMED_FUNCTION.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone_verified_at"`);
  }
}

const VERIFY_EMAIL_V1 = `  IF NEW.type = 'verify_email' THEN
    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id;`;

const VERIFY_IDENTIFIER = `  IF NEW.type = 'verify_email' AND NEW.channel = 'sms' AND NEW.phone IS NOT NULL THEN
    UPDATE users u SET phone = COALESCE(u.phone, NEW.phone), phone_verified_at = COALESCE(u.phone_verified_at, NEW.consumed_at), updated_at = now()
    WHERE u.tenant_id = NEW.tenant_id AND u.id = NEW.user_id AND (u.phone IS NULL OR u.phone = NEW.phone)
      AND NOT EXISTS (SELECT 1 FROM users o WHERE o.tenant_id = NEW.tenant_id AND o.phone = NEW.phone AND o.id <> NEW.user_id);
  ELSIF NEW.type = 'verify_email' THEN
    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id;`;

/** sesame_link_consumed() as this migration leaves it (CREATE OR REPLACE). */
export const LINK_CONSUMED_FUNCTION_V2 = LINK_CONSUMED_FUNCTION.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION').replace(VERIFY_EMAIL_V1, VERIFY_IDENTIFIER);
