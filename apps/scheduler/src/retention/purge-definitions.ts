import { eventStep } from '@sesame/persistence';
import { days, PurgeDefinition } from './purge-definition';

/**
 * `magiclink.expired`, once per link, in the statement that deletes it, and only for tenants with
 * an enabled endpoint subscribed to it (the same rule as recordEvent in libs/persistence). The data
 * is EventPayloads['magiclink.expired'] of libs/domain/src/events.ts (docs/events/magiclink.expired.json).
 */
const EXPIRED_EVENT_SQL = eventStep('magiclink.expired', { link_id: 'd.id', type: 'd.type', user_id: 'd.user_id', expired_at: 'd.expires_at' }, {
  tenant: 'd.tenant_id', from: 'deleted d', correlationId: 'NULL',
});

/**
 * A deleted tenant goes with everything that references it (its keys, users, links, deliveries,
 * endpoints, templates… by ON DELETE CASCADE); these statements take what no foreign key ties to
 * it (by their (tenant_id, …) indexes), and record the purge where no cascade reaches. Published
 * outbox rows and the dev mailbox go with their own retention (hours, a day).
 */
const DELETED_TENANT_SQL = [
  `DELETE FROM audit_events a USING deleted d WHERE a.tenant_id = d.id`,
  `DELETE FROM idempotency_keys k USING deleted d WHERE k.tenant_id = d.id`,
  `INSERT INTO operator_audit_events (action, tenant_id, data)
   SELECT 'tenant.purged', d.id, jsonb_build_object('slug', d.slug, 'name', d.name, 'deleted_at', d.deleted_at) FROM deleted d`,
];

/**
 * Everything the scheduler deletes, one line each. To purge a new table: add a definition here
 * (and an index on its column) — the service, locks, run records and metrics come with it.
 * These are cluster-wide sweeps: unlike request-path queries they deliberately span all tenants.
 */
export const PURGE_DEFINITIONS: readonly PurgeDefinition[] = [
  // Expired, never used: deleted within seconds (mail deliveries and exchange codes go by cascade).
  { name: 'expired-links', job: 'purge-expired-links', table: 'magic_links', column: 'expires_at',
    where: 'consumed_at IS NULL AND revoked_at IS NULL', retention: { seconds: (c) => c.EXPIRED_LINK_GRACE_MS / 1000 },
    afterDelete: { returning: 'id, tenant_id, user_id, type, expires_at', sql: EXPIRED_EVENT_SQL },
    countDeleted: { by: 'type', counter: (m) => m.linksExpired } },
  // Used and revoked links: kept for the tenant's audit period.
  { name: 'used-links', job: 'purge-retained-data', table: 'magic_links', column: 'consumed_at',
    where: 'consumed_at IS NOT NULL', retention: { tenantPolicy: 'used_links_days' } },
  { name: 'revoked-links', job: 'purge-retained-data', table: 'magic_links', column: 'revoked_at',
    where: 'revoked_at IS NOT NULL', retention: { tenantPolicy: 'used_links_days' } },
  { name: 'audit-events', job: 'purge-retained-data', table: 'audit_events', column: 'created_at',
    retention: { seconds: (c) => days(c.AUDIT_RETENTION_DAYS) } },
  { name: 'mail-deliveries', job: 'purge-retained-data', table: 'mail_deliveries', column: 'created_at',
    retention: { seconds: (c) => days(c.MAIL_DELIVERY_RETENTION_DAYS) } },
  { name: 'webhook-deliveries', job: 'purge-retained-data', table: 'webhook_deliveries', column: 'created_at',
    retention: { seconds: (c) => days(c.WEBHOOK_DELIVERY_RETENTION_DAYS) } },
  { name: 'published-outbox', job: 'purge-retained-data', table: 'outbox', column: 'published_at',
    where: 'published_at IS NOT NULL', retention: { seconds: (c) => c.OUTBOX_RETENTION_HOURS * 3600 } },
  { name: 'used-exchange-codes', job: 'purge-retained-data', table: 'exchange_codes', column: 'used_at',
    where: 'used_at IS NOT NULL', retention: { seconds: (c) => c.EXCHANGE_CODE_RETENTION_MINUTES * 60 } },
  { name: 'expired-exchange-codes', job: 'purge-retained-data', table: 'exchange_codes', column: 'expires_at',
    where: 'used_at IS NULL', retention: { seconds: () => 3600 } },
  { name: 'idempotency-keys', job: 'purge-retained-data', table: 'idempotency_keys', column: 'created_at',
    retention: { seconds: () => days(1) } },
  // Password reset grants live 10 minutes; registrations 5 minutes by default (at most a day).
  { name: 'expired-reset-grants', job: 'purge-retained-data', table: 'password_reset_grants', column: 'expires_at',
    retention: { seconds: () => 3600 } },
  { name: 'expired-registrations', job: 'purge-retained-data', table: 'registrations', column: 'expires_at',
    retention: { seconds: () => days(1) } },
  // Public sign-in requests (their secrets are hashes): an hour past expiry. Those with a link also go with it.
  { name: 'expired-link-requests', job: 'purge-retained-data', table: 'link_requests', column: 'expires_at',
    retention: { seconds: () => 3600 } },
  // The local dev outbox holds whole emails (links included): a day is plenty to click one.
  { name: 'dev-mailbox', job: 'purge-retained-data', table: 'dev_mailbox', column: 'created_at',
    retention: { seconds: () => days(1) } },
  // Template test sends count against the tenant's hourly limit; a day of them is plenty to look back on.
  { name: 'template-test-sends', job: 'purge-retained-data', table: 'template_test_sends', column: 'created_at',
    retention: { seconds: () => days(1) } },
  // Deleted tenants (DELETE /v1/tenants/{id}): refused at once, purged after the undo window.
  { name: 'deleted-tenants', job: 'purge-retained-data', table: 'tenants', column: 'deleted_at',
    where: 'deleted_at IS NOT NULL', retention: { seconds: (c) => c.DELETED_TENANT_RETENTION_SECONDS },
    afterDelete: { returning: 'id, slug, name, deleted_at', sql: DELETED_TENANT_SQL } },
  { name: 'retention-runs', job: 'purge-retained-data', table: 'retention_runs', column: 'started_at',
    retention: { seconds: (c) => days(c.RETENTION_RUNS_RETENTION_DAYS) } },
];
