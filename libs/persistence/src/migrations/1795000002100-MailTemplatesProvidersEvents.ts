import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant message templates (one per type and language), per-tenant transports with sealed
 * credentials, provider delivery events (de-duplicated by the provider's event id and by
 * delivery + event + time), and the latest provider event on a delivery.
 */
export class MailTemplatesProvidersEvents1795000002100 implements MigrationInterface {
  name = 'MailTemplatesProvidersEvents1795000002100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "mail_templates" ("tenant_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "language" character varying(8) NOT NULL, "subject" text NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_mail_templates" PRIMARY KEY ("tenant_id", "type", "language"))`);
    await queryRunner.query(`ALTER TABLE "mail_templates" ADD CONSTRAINT "fk_mail_templates_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TABLE "mail_providers" ("tenant_id" uuid NOT NULL, "channel" character varying(8) NOT NULL, "kind" character varying(16) NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "sealed_credentials" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_mail_providers" PRIMARY KEY ("tenant_id", "channel"))`);
    await queryRunner.query(`ALTER TABLE "mail_providers" ADD CONSTRAINT "fk_mail_providers_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TABLE "mail_delivery_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" uuid NOT NULL, "delivery_id" uuid NOT NULL, "event" character varying(32) NOT NULL, "provider_event_id" character varying(255), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_mail_delivery_events" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_mail_delivery_events_provider_id" ON "mail_delivery_events" ("provider_event_id") WHERE provider_event_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_mail_delivery_events_natural" ON "mail_delivery_events" ("delivery_id", "event", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "ix_mail_delivery_events_tenant_delivery" ON "mail_delivery_events" ("tenant_id", "delivery_id", "occurred_at")`);
    await queryRunner.query(`ALTER TABLE "mail_delivery_events" ADD CONSTRAINT "fk_mail_delivery_events_delivery" FOREIGN KEY ("delivery_id") REFERENCES "mail_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mail_deliveries" ADD "last_event" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "mail_deliveries" ADD "last_event_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_deliveries" DROP COLUMN "last_event_at"`);
    await queryRunner.query(`ALTER TABLE "mail_deliveries" DROP COLUMN "last_event"`);
    await queryRunner.query(`DROP TABLE "mail_delivery_events"`);
    await queryRunner.query(`DROP TABLE "mail_providers"`);
    await queryRunner.query(`DROP TABLE "mail_templates"`);
  }
}
