import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console users: the people who sign in to the admin console, each in one tenant with a role.
 * They are not the tenant's end users (`users`): an email can be both, and disabling one leaves
 * the other alone. Sessions live in Redis (the gateway's), not here.
 */
export class ConsoleUsers1795000017500 implements MigrationInterface {
  name = 'ConsoleUsers1795000017500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "console_users" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "email" character varying(320) NOT NULL,
        "role" character varying(16) NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_console_users" PRIMARY KEY ("id"),
        CONSTRAINT "fk_console_users_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_console_users_tenant_email" ON "console_users" ("tenant_id", "email") `);
    await queryRunner.query(`CREATE INDEX "ix_console_users_tenant_created" ON "console_users" ("tenant_id", "created_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "console_users"`);
  }
}
