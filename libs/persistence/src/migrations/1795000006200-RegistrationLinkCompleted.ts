import { MigrationInterface, QueryRunner } from 'typeorm';
import { LINK_CONSUMED_FUNCTION_V2 } from './1795000006100-VerifiedPhone';

/**
 * An Entrust registration link completes enrollment when used: consuming a `registration` link
 * now also records and emits `registration.completed` (registration_type `registration_link`).
 */
export class RegistrationLinkCompleted1795000006200 implements MigrationInterface {
  name = 'RegistrationLinkCompleted1795000006200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (!LINK_CONSUMED_FUNCTION_V2.includes(PASSWORD_RESET_BRANCH)) throw new Error('sesame_link_consumed() is not the expected version');
    await queryRunner.query(LINK_CONSUMED_FUNCTION_V2.replace(PASSWORD_RESET_BRANCH, REGISTRATION_BRANCH + PASSWORD_RESET_BRANCH));
    await queryRunner.query(`DROP TRIGGER magic_link_consumed ON "magic_links"`);
    await queryRunner.query(trigger(`'verify_email', 'password_reset', 'registration'`));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER magic_link_consumed ON "magic_links"`);
    await queryRunner.query(trigger(`'verify_email', 'password_reset'`));
    await queryRunner.query(LINK_CONSUMED_FUNCTION_V2);
  }
}

const trigger = (types: string) => `
  CREATE TRIGGER magic_link_consumed AFTER UPDATE OF consumed_at ON "magic_links"
  FOR EACH ROW
  WHEN (OLD.consumed_at IS NULL AND NEW.consumed_at IS NOT NULL AND (NEW.type IN (${types}) OR NEW.auth_flow_id IS NOT NULL))
  EXECUTE FUNCTION sesame_link_consumed()`;

export const PASSWORD_RESET_BRANCH = `  ELSIF NEW.type = 'password_reset' THEN`;

/** The event's data is EventPayloads['registration.completed'] (docs/events/registration.completed.json). */
export const REGISTRATION_BRANCH = `  ELSIF NEW.type = 'registration' THEN
    WITH u AS (
      SELECT id, email FROM users WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id
    ), a AS (
      INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, ip, user_agent, data, user_id)
      SELECT NEW.tenant_id, 'registration.completed', 'magic_link', NEW.id, NEW.consumed_ip, NEW.consumed_user_agent,
             jsonb_build_object('registration_type', 'registration_link'), u.id
      FROM u
    )
    INSERT INTO outbox (tenant_id, queue, job_name, payload)
    SELECT NEW.tenant_id, 'webhooks', 'fan-out', jsonb_build_object('event', jsonb_build_object(
      'type', 'registration.completed', 'timestamp', to_jsonb(now()),
      'data', jsonb_build_object('user_id', u.id, 'email', u.email, 'link_id', NEW.id, 'registration_type', 'registration_link')))
    FROM u
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints w
                  WHERE w.tenant_id = NEW.tenant_id AND w.enabled AND w.events && ARRAY['registration.completed', '*']);
`;
