import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant request budget (`rate_limits.tenant`) is on by default: 6,000 link requests a minute,
 * far above what a tenant signing people in sends (100 a second, all day long), and a ceiling on a
 * tenant whose bug loops on the API. Policies store every rule, so tenants created while the default
 * was `points: 0` (off) get the new default too; `0` can still be set to switch it off.
 */
export class TenantRequestBudget1795000021000 implements MigrationInterface {
  name = 'TenantRequestBudget1795000021000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE tenants SET policy = jsonb_set(policy, '{rate_limits,tenant}', $1::jsonb)
       WHERE policy #>> '{rate_limits,tenant,points}' = '0'`,
      [JSON.stringify({ points: 6000, window_seconds: 60 })],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE tenants SET policy = jsonb_set(policy, '{rate_limits,tenant}', $1::jsonb)
       WHERE policy #> '{rate_limits,tenant}' = $2::jsonb`,
      [JSON.stringify({ points: 0, window_seconds: 60 }), JSON.stringify({ points: 6000, window_seconds: 60 })],
    );
  }
}
