import { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStep } from '../sql/outbox-steps';
import { RegistrationContextData1795000018100 } from './1795000018100-RegistrationContextData';

/**
 * sesame_link_consumed() rewritten whole, its outbox rows written by the typed builders
 * (eventStep: the `webhooks` queue, the `fan-out` job and each event's data keys come from the
 * constants and EventPayloads, no longer from literals). The SQL it produces is the same as the
 * version it replaces. A later change to the function is a new migration, never an edit here.
 */
export class LinkConsumedFromConstants1795000019000 implements MigrationInterface {
  name = 'LinkConsumedFromConstants1795000019000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LINK_CONSUMED_FUNCTION_V4);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await new RegistrationContextData1795000018100().up(queryRunner);
  }
}

const REGISTRATION_COMPLETED = eventStep('registration.completed', {
  user_id: 'u.id', email: 'u.email', link_id: 'NEW.id', registration_type: `'registration_link'`, context_data: 'NEW.context_data',
}, { tenant: 'NEW.tenant_id', from: 'u' });

const OTHER_RESET_LINK_REVOKED = eventStep('magiclink.revoked', { link_id: 'r.id', type: 'r.type', user_id: 'r.user_id' }, { tenant: 'NEW.tenant_id', from: 'r' });

const AUTH_FLOW_COMPLETED = eventStep('auth_flow.completed', {
  flow_id: 'flow.id', application_id: 'flow.application_id', user_id: 'flow.user_id',
}, { tenant: 'NEW.tenant_id' });

/** sesame_link_consumed() as this migration leaves it. */
export const LINK_CONSUMED_FUNCTION_V4 = `
CREATE OR REPLACE FUNCTION sesame_link_consumed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flow record;
BEGIN
  IF NEW.type = 'verify_email' AND NEW.channel = 'sms' AND NEW.phone IS NOT NULL THEN
    UPDATE users u SET phone = COALESCE(u.phone, NEW.phone), phone_verified_at = COALESCE(u.phone_verified_at, NEW.consumed_at), updated_at = now()
    WHERE u.tenant_id = NEW.tenant_id AND u.id = NEW.user_id AND (u.phone IS NULL OR u.phone = NEW.phone)
      AND NOT EXISTS (SELECT 1 FROM users o WHERE o.tenant_id = NEW.tenant_id AND o.phone = NEW.phone AND o.id <> NEW.user_id);
  ELSIF NEW.type = 'verify_email' THEN
    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id;
  ELSIF NEW.type = 'registration' THEN
    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id AND NEW.channel <> 'sms';
    WITH u AS (
      SELECT id, email FROM users WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id
    ), a AS (
      INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, ip, user_agent, data, user_id)
      SELECT NEW.tenant_id, 'registration.completed', 'magic_link', NEW.id, NEW.consumed_ip, NEW.consumed_user_agent,
             jsonb_build_object('registration_type', 'registration_link'), u.id
      FROM u
    )
    ${REGISTRATION_COMPLETED};
  ELSIF NEW.type = 'password_reset' THEN
    WITH r AS (
      UPDATE magic_links SET revoked_at = now()
      WHERE tenant_id = NEW.tenant_id AND user_id = NEW.user_id AND type = 'password_reset' AND id <> NEW.id
        AND consumed_at IS NULL AND revoked_at IS NULL
      RETURNING id, type, user_id
    ), a AS (
      INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, data, user_id)
      SELECT NEW.tenant_id, 'magiclink.revoked', 'magic_link', r.id,
             jsonb_build_object('type', r.type, 'reason', 'another_reset_link_used', 'used_link_id', NEW.id), r.user_id
      FROM r
    )
    ${OTHER_RESET_LINK_REVOKED};
  END IF;
  IF NEW.auth_flow_id IS NOT NULL THEN
    UPDATE auth_flows SET completed_at = NEW.consumed_at
    WHERE tenant_id = NEW.tenant_id AND id = NEW.auth_flow_id AND link_id = NEW.id AND completed_at IS NULL
    RETURNING id, application_id, user_id INTO flow;
    IF FOUND THEN
      INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, ip, user_agent, data, user_id)
      VALUES (NEW.tenant_id, 'auth_flow.completed', 'auth_flow', flow.id, NEW.consumed_ip, NEW.consumed_user_agent,
              jsonb_build_object('application_id', flow.application_id, 'link_id', NEW.id), flow.user_id);
      ${AUTH_FLOW_COMPLETED};
    END IF;
  END IF;
  RETURN NULL;
END $$`;
