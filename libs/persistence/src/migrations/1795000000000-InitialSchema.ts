import { MigrationInterface, QueryRunner } from 'typeorm';

/** The initial schema, generated from the entities and committed. */
export class InitialSchema1795000000000 implements MigrationInterface {
  name = 'InitialSchema1795000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "tenants" ("id" uuid NOT NULL, "slug" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "app_origin" character varying(2048) NOT NULL, "redirect_enabled" boolean NOT NULL DEFAULT false, "allowed_redirect_urls" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_tenants_slug" ON "tenants" ("slug")`);
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "scopes" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_api_keys_tenant" ON "api_keys" ("tenant_id", "created_at")`);
    await queryRunner.query(`CREATE TABLE "audit_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" uuid NOT NULL, "action" character varying(64) NOT NULL, "actor_api_key_id" uuid, "subject_type" character varying(32) NOT NULL, "subject_id" uuid, "ip" character varying(64), "user_agent" text, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_created" ON "audit_events" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_tenant_id" ON "audit_events" ("tenant_id", "id")`);
    await queryRunner.query(`CREATE TABLE "dev_mailbox" ("id" uuid NOT NULL, "tenant_id" uuid, "delivery_id" uuid, "to_address" character varying(320) NOT NULL, "from_address" character varying(320) NOT NULL, "subject" text NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_20c1474670441bbc0659092401f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_dev_mailbox_created" ON "dev_mailbox" ("created_at")`);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "attributes" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_tenant_email" ON "users" ("tenant_id", "email")`);
    await queryRunner.query(`CREATE TABLE "magic_links" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "token_hash" bytea NOT NULL, "redirect_url" text, "context_data" jsonb, "language" character varying(16), "request_ip" character varying(64), "request_user_agent" text, "bind_ip" character varying(64), "bind_user_agent" text, "api_key_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "consumed_ip" character varying(64), "consumed_user_agent" text, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c609d48037f164e7ae5b744b18" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_magic_links_token_hash" ON "magic_links" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_magic_links_expiry_live" ON "magic_links" ("expires_at") WHERE consumed_at IS NULL AND revoked_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_magic_links_tenant_user" ON "magic_links" ("tenant_id", "user_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_magic_links_tenant_created" ON "magic_links" ("tenant_id", "created_at", "id")`);
    await queryRunner.query(`CREATE TABLE "exchange_codes" ("code_hash" bytea NOT NULL, "tenant_id" uuid NOT NULL, "link_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6afe29dcb29f134104725244092" PRIMARY KEY ("code_hash"))`);
    await queryRunner.query(`CREATE INDEX "ix_exchange_codes_expires" ON "exchange_codes" ("expires_at")`);
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("tenant_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5c6db50392003e35d51ef7aba7" PRIMARY KEY ("tenant_id", "key"))`);
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys" ("created_at")`);
    await queryRunner.query(`CREATE TABLE "mail_deliveries" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "link_id" uuid NOT NULL, "to_address" character varying(320) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "sealed_token" bytea, "attempts" integer NOT NULL DEFAULT '0', "claimed_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "provider" character varying(32), "provider_message_id" character varying(255), "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c3b04f863547fccfd11b4d4b11e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_mail_deliveries_link" ON "mail_deliveries" ("link_id")`);
    await queryRunner.query(`CREATE INDEX "ix_mail_deliveries_tenant_created" ON "mail_deliveries" ("tenant_id", "created_at")`);
    await queryRunner.query(`CREATE TABLE "outbox" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" uuid, "queue" character varying(32) NOT NULL, "job_name" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_published" ON "outbox" ("published_at") WHERE published_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_unpublished" ON "outbox" ("id") WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "url" text NOT NULL, "description" character varying(500), "events" text array NOT NULL, "sealed_secret" bytea NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_endpoints_tenant" ON "webhook_endpoints" ("tenant_id")`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" character varying(64) NOT NULL, "tenant_id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "event_id" character varying(64) NOT NULL, "event_type" character varying(64) NOT NULL, "body" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" text, "last_latency_ms" integer, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_endpoint_created" ON "webhook_deliveries" ("endpoint_id", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_event_endpoint" ON "webhook_deliveries" ("event_id", "endpoint_id")`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "magic_links" ADD CONSTRAINT "fk_magic_links_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "magic_links" ADD CONSTRAINT "fk_magic_links_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "exchange_codes" ADD CONSTRAINT "fk_exchange_codes_link" FOREIGN KEY ("link_id") REFERENCES "magic_links"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mail_deliveries" ADD CONSTRAINT "fk_mail_deliveries_link" FOREIGN KEY ("link_id") REFERENCES "magic_links"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "fk_webhook_endpoints_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`DROP INDEX "public"."uq_tenants_slug"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_key_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_tenant"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_tenant_id"`);
    await queryRunner.query(`DROP TABLE "dev_mailbox"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dev_mailbox_created"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_tenant_email"`);
    await queryRunner.query(`DROP TABLE "magic_links"`);
    await queryRunner.query(`DROP INDEX "public"."uq_magic_links_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_magic_links_expiry_live"`);
    await queryRunner.query(`DROP INDEX "public"."ix_magic_links_tenant_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_magic_links_tenant_created"`);
    await queryRunner.query(`DROP TABLE "exchange_codes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exchange_codes_expires"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "mail_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_deliveries_link"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_deliveries_tenant_created"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_published"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_unpublished"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_endpoints_tenant"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_endpoint_created"`);
    await queryRunner.query(`DROP INDEX "public"."uq_webhook_deliveries_event_endpoint"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_tenant"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_tenant"`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP CONSTRAINT "fk_magic_links_tenant"`);
    await queryRunner.query(`ALTER TABLE "magic_links" DROP CONSTRAINT "fk_magic_links_user"`);
    await queryRunner.query(`ALTER TABLE "exchange_codes" DROP CONSTRAINT "fk_exchange_codes_link"`);
    await queryRunner.query(`ALTER TABLE "mail_deliveries" DROP CONSTRAINT "fk_mail_deliveries_link"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "fk_webhook_endpoints_tenant"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_endpoint"`);
  }
}
