import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in links asked for through the public endpoint: PKCE challenge, match code, hashed fallback code. */
export class LinkRequests1795000005000 implements MigrationInterface {
  name = 'LinkRequests1795000005000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "link_requests" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "link_id" uuid, "email_hash" bytea NOT NULL, "code_challenge" character varying(43), "browser_nonce_hash" bytea, "match_code" character varying(8) NOT NULL, "code_hash" bytea, "redirect_code_hash" bytea, "code_attempts" integer NOT NULL DEFAULT '0', "state" character varying(16) NOT NULL DEFAULT 'pending', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_link_requests" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_link_requests_redirect_code" ON "link_requests" ("redirect_code_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_link_requests_link" ON "link_requests" ("link_id")`);
    await queryRunner.query(`CREATE INDEX "ix_link_requests_expires" ON "link_requests" ("expires_at")`);
    await queryRunner.query(`ALTER TABLE "link_requests" ADD CONSTRAINT "fk_link_requests_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "link_requests" ADD CONSTRAINT "fk_link_requests_link" FOREIGN KEY ("link_id") REFERENCES "magic_links"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "link_requests"`);
  }
}
