import { Counter, Registry } from 'prom-client';
import { counted } from './counted-transport';
import type { MailMessage, MailTransport } from './mail-transport';
import { TransportError } from './transport-error';

describe('counted', () => {
  const msg = { deliveryId: 'd1' } as MailMessage;

  it('counts each send by outcome and passes results and errors through unchanged', async () => {
    const registry = new Registry();
    const sends = new Counter({ name: 'sends_total', help: 'h', labelNames: ['channel', 'provider', 'outcome'], registers: [registry] });
    const outcomes: Array<() => Promise<{ provider: string; messageId: string | null }>> = [
      async () => ({ provider: 'sendgrid', messageId: 'm1' }),
      async () => { throw new TransportError('busy', false); },
      async () => { throw new TransportError('bad key', true); },
      async () => { throw new Error('socket hang up'); },
    ];
    const transport: MailTransport = { name: 'sendgrid', send: () => outcomes.shift()!() };
    const wrapped = counted(transport, 'email', sends);

    await expect(wrapped.send(msg)).resolves.toEqual({ provider: 'sendgrid', messageId: 'm1' });
    await expect(wrapped.send(msg)).rejects.toThrow('busy');
    await expect(wrapped.send(msg)).rejects.toThrow('bad key');
    await expect(wrapped.send(msg)).rejects.toThrow('socket hang up');
    const values = Object.fromEntries((await sends.get()).values.map((v) => [v.labels.outcome, v.value]));
    expect(values).toEqual({ sent: 1, failed: 2, rejected: 1 });
    expect(wrapped.name).toBe('sendgrid');
  });
});
