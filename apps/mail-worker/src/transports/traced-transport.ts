import { inSpan, tracingEnabled } from '@sesame/observability';
import type { MailTransport } from './mail-transport';
import type { SmsTransport } from './sms-transport';

/**
 * The provider call (SendGrid's POST /v3/mail/send, an SMTP session, Twilio, the local outbox) as
 * a client span of the job's trace. The transport itself is untouched: with tracing off this
 * answers it as is; on, an object whose prototype is the transport, so `close()` and the rest
 * still reach it and only `send` is wrapped.
 */
export function traced<T extends MailTransport | SmsTransport>(transport: T, channel: 'email' | 'sms'): T {
  if (!tracingEnabled()) return transport;
  const send = transport.send.bind(transport) as (msg: Parameters<T['send']>[0]) => ReturnType<T['send']>;
  const attributes = { 'sesame.provider': transport.name, 'sesame.channel': channel };
  return Object.assign(Object.create(transport) as T, {
    send: (msg: Parameters<T['send']>[0]) =>
      inSpan(`${transport.name} send`, { kind: 'client', attributes: { ...attributes, 'sesame.delivery_id': msg.deliveryId } }, () => send(msg)),
  });
}
