import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passwords (optional, argon2id), verified email, applications with an authentication flow, auth
 * flows, password reset grants and magic-link email registrations; and the trigger that applies
 * what consuming a link means beyond "it is used", whichever path consumed it (API, hosted page):
 *  - verify_email: the user's email is verified;
 *  - password_reset: the user's other live reset links are revoked;
 *  - a link that is an auth flow's factor: the flow completes (`auth_flow.completed`).
 * Login links outside a flow (the hot path) are filtered out by the trigger's WHEN clause.
 */
export class AccountsAndFlows1795000006000 implements MigrationInterface {
  name = 'AccountsAndFlows1795000006000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "applications" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "auth_flow" character varying(32) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "redirect_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_applications_tenant_name" ON "applications" ("tenant_id", "name")`);
    await queryRunner.query(`CREATE TABLE "auth_flows" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "application_id" uuid NOT NULL, "user_id" uuid NOT NULL, "link_id" uuid NOT NULL, "auth_flow" character varying(32) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b956a3a6a705882a27bbb83271" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_auth_flows_tenant_created" ON "auth_flows" ("tenant_id", "created_at")`);
    await queryRunner.query(`CREATE TABLE "password_reset_grants" ("grant_hash" bytea NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "link_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_304bb71ffd877a6202e38472eee" PRIMARY KEY ("grant_hash"))`);
    await queryRunner.query(`CREATE INDEX "ix_password_reset_grants_expires" ON "password_reset_grants" ("expires_at")`);
    await queryRunner.query(`CREATE TABLE "registrations" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "email" character varying(320) NOT NULL, "user_id" uuid, "token_hash" bytea NOT NULL, "sealed_token" bytea, "redirect_url" text NOT NULL, "action_name" character varying(100), "short_msg" character varying(500), "context_data" jsonb, "language" character varying(16), "bind_ip" character varying(64), "bind_user_agent" text, "api_key_id" uuid, "mail_status" character varying(16) NOT NULL DEFAULT 'queued', "mail_attempts" integer NOT NULL DEFAULT '0', "mail_claimed_at" TIMESTAMP WITH TIME ZONE, "mail_error" text, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "validated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6013e724d7b22929da9cd7282d1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_registrations_token_hash" ON "registrations" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_registrations_expires" ON "registrations" ("expires_at")`);
    await queryRunner.query(`CREATE INDEX "ix_registrations_tenant_email" ON "registrations" ("tenant_id", "email")`);
    await queryRunner.query(`ALTER TABLE "users" ADD "password_hash" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "magic_links" ADD "auth_flow_id" uuid`);
    await queryRunner.query(`ALTER TABLE "applications" ADD CONSTRAINT "fk_applications_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "auth_flows" ADD CONSTRAINT "fk_auth_flows_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "auth_flows" ADD CONSTRAINT "fk_auth_flows_application" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "auth_flows" ADD CONSTRAINT "fk_auth_flows_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "password_reset_grants" ADD CONSTRAINT "fk_password_reset_grants_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "registrations" ADD CONSTRAINT "fk_registrations_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "registrations" ADD CONSTRAINT "fk_registrations_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(LINK_CONSUMED_FUNCTION);
    await queryRunner.query(`
      CREATE TRIGGER magic_link_consumed AFTER UPDATE OF consumed_at ON "magic_links"
      FOR EACH ROW
      WHEN (OLD.consumed_at IS NULL AND NEW.consumed_at IS NOT NULL
            AND (NEW.type IN ('verify_email', 'password_reset') OR NEW.auth_flow_id IS NOT NULL))
      EXECUTE FUNCTION sesame_link_consumed()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS magic_link_consumed ON "magic_links"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS sesame_link_consumed()`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP COLUMN "auth_flow_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_hash"`);
    await queryRunner.query(`DROP TABLE "registrations"`);
    await queryRunner.query(`DROP TABLE "password_reset_grants"`);
    await queryRunner.query(`DROP TABLE "auth_flows"`);
    await queryRunner.query(`DROP TABLE "applications"`);
  }
}

/** Webhook events follow libs/persistence recordEvent: an outbox row only when an endpoint subscribes. */
const LINK_CONSUMED_FUNCTION = `
CREATE FUNCTION sesame_link_consumed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flow record;
BEGIN
  IF NEW.type = 'verify_email' THEN
    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id;
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
    INSERT INTO outbox (tenant_id, queue, job_name, payload)
    SELECT NEW.tenant_id, 'webhooks', 'fan-out', jsonb_build_object('event', jsonb_build_object(
      'type', 'magiclink.revoked', 'timestamp', to_jsonb(now()), 'data', jsonb_build_object('link_id', r.id, 'type', r.type, 'user_id', r.user_id)))
    FROM r
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints w
                  WHERE w.tenant_id = NEW.tenant_id AND w.enabled AND w.events && ARRAY['magiclink.revoked', '*']);
  END IF;
  IF NEW.auth_flow_id IS NOT NULL THEN
    UPDATE auth_flows SET completed_at = NEW.consumed_at
    WHERE tenant_id = NEW.tenant_id AND id = NEW.auth_flow_id AND link_id = NEW.id AND completed_at IS NULL
    RETURNING id, application_id, user_id INTO flow;
    IF FOUND THEN
      INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, ip, user_agent, data, user_id)
      VALUES (NEW.tenant_id, 'auth_flow.completed', 'auth_flow', flow.id, NEW.consumed_ip, NEW.consumed_user_agent,
              jsonb_build_object('application_id', flow.application_id, 'link_id', NEW.id), flow.user_id);
      INSERT INTO outbox (tenant_id, queue, job_name, payload)
      SELECT NEW.tenant_id, 'webhooks', 'fan-out', jsonb_build_object('event', jsonb_build_object(
        'type', 'auth_flow.completed', 'timestamp', to_jsonb(now()),
        'data', jsonb_build_object('flow_id', flow.id, 'application_id', flow.application_id, 'user_id', flow.user_id)))
      WHERE EXISTS (SELECT 1 FROM webhook_endpoints w
                    WHERE w.tenant_id = NEW.tenant_id AND w.enabled AND w.events && ARRAY['auth_flow.completed', '*']);
    END IF;
  END IF;
  RETURN NULL;
END $$`;
