import type { Counter } from 'prom-client';
import type { MailTransport } from './mail-transport';
import type { SmsTransport } from './sms-transport';
import { asTransportError } from './transport-error';

/**
 * Counts every provider call by its outcome: `sent`, `failed` (retryable: the job tries again) or
 * `rejected` (permanent: bad address, bad credentials). Every transport the registry builds is
 * wrapped, the same way `traced` wraps them, so no send path can skip the count.
 */
export function counted<T extends MailTransport | SmsTransport>(transport: T, channel: 'email' | 'sms', sends: Counter<string>): T {
  const send = transport.send.bind(transport) as (msg: Parameters<T['send']>[0]) => ReturnType<T['send']>;
  const labels = { channel, provider: transport.name };
  return Object.assign(Object.create(transport) as T, {
    send: async (msg: Parameters<T['send']>[0]) => {
      try {
        const result = await send(msg);
        sends.inc({ ...labels, outcome: 'sent' });
        return result;
      } catch (err) {
        sends.inc({ ...labels, outcome: asTransportError(err).permanent ? 'rejected' : 'failed' });
        throw err;
      }
    },
  });
}
