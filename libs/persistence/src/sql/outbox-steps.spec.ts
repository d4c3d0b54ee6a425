import { QUEUES } from '@sesame/queue-contracts';
import { LINK_CONSUMED_FUNCTION_V2 } from '../migrations/1795000006100-VerifiedPhone';
import { PASSWORD_RESET_BRANCH, REGISTRATION_BRANCH } from '../migrations/1795000006200-RegistrationLinkCompleted';
import { LINK_CONSUMED_FUNCTION_V4 } from '../migrations/1795000019000-LinkConsumedFromConstants';
import { eventStep, outboxStep } from './outbox-steps';

/** Whitespace differences only: the statements must be the same SQL. */
const normalized = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

describe('outboxStep', () => {
  it('writes the job with its queue and job name and a JSON object of the given fields', () => {
    expect(outboxStep(QUEUES.mail, 'send-link', { deliveryId: 'd.id', correlationId: '$19::text', traceparent: '$27::text' }, { tenant: '$1', from: 'd' }))
      .toBe(`INSERT INTO outbox (tenant_id, queue, job_name, payload)
  SELECT $1, 'mail', 'send-link', jsonb_build_object('deliveryId', d.id, 'correlationId', $19::text, 'traceparent', $27::text)
  FROM d`);
  });

  it('takes a whole payload as one JSON expression', () => {
    expect(outboxStep(QUEUES.webhooks, 'schedule-delivery', { json: '$2::jsonb' }, { tenant: '$1::uuid' }))
      .toBe(`INSERT INTO outbox (tenant_id, queue, job_name, payload)
  SELECT $1::uuid, 'webhooks', 'schedule-delivery', $2::jsonb`);
  });

  it('refuses a name that is not a plain identifier', () => {
    expect(() => outboxStep(QUEUES.mail, `send-link'; DROP TABLE outbox; --` as 'send-link', { json: '$2' }, { tenant: '$1' })).toThrow(/not a queue, job/);
  });
});

describe('eventStep', () => {
  it('writes a fan-out job only when an enabled endpoint of the tenant subscribes', () => {
    expect(normalized(eventStep('magiclink.revoked', { link_id: 'r.id', type: 'r.type', user_id: 'r.user_id' }, {
      tenant: '$1', from: 'r', correlationId: '$6::text', traceparent: '$7::text',
    }))).toBe(normalized(`
      INSERT INTO outbox (tenant_id, queue, job_name, payload)
      SELECT $1, 'webhooks', 'fan-out', jsonb_build_object(
        'event', jsonb_build_object('type', 'magiclink.revoked', 'timestamp', to_jsonb(now()),
          'data', jsonb_build_object('link_id', r.id, 'type', r.type, 'user_id', r.user_id)),
        'correlationId', $6::text, 'traceparent', $7::text)
      FROM r
      WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant_id = $1 AND w.enabled AND w.events && ARRAY['magiclink.revoked', '*'])`));
  });

  it('keeps a step condition of its own', () => {
    expect(eventStep('user.created', { user_id: 'i.id', email: 'i.email', status: 'i.status' }, { tenant: '$1', from: 'ins_user i', where: 'i.email IS NOT NULL' }))
      .toContain(`WHERE (i.email IS NOT NULL) AND EXISTS (SELECT 1 FROM webhook_endpoints w`);
  });
});

describe('sesame_link_consumed() from the builders', () => {
  it('is the same SQL as the hand-written version it replaces', () => {
    // The previous version, as migration 1795000018100 built it.
    const start = `  ELSIF NEW.type = 'registration' THEN\n`;
    const confirm = `    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id AND NEW.channel <> 'sms';
`;
    const branch = REGISTRATION_BRANCH
      .replace(`'link_id', NEW.id, 'registration_type', 'registration_link')))`, `'link_id', NEW.id, 'registration_type', 'registration_link', 'context_data', NEW.context_data)))`)
      .replace(start, start + confirm);
    const previous = LINK_CONSUMED_FUNCTION_V2.replace(PASSWORD_RESET_BRANCH, branch + PASSWORD_RESET_BRANCH);
    expect(normalized(LINK_CONSUMED_FUNCTION_V4)).toBe(normalized(previous));
  });
});
