import type { MailService } from '@sendgrid/mail';
import { SendGridTransport } from './sendgrid.transport';
import { TransportError } from './transport-error';

const msg = {
  to: 'ada@acme.test', from: 'Acme <auth@acme.test>', subject: 'Sign in to Acme', html: '<p>x</p>', text: 'x',
  deliveryId: 'd-1', tenantId: 't-1',
};

describe('SendGridTransport', () => {
  function transport(send: jest.Mock) {
    return new SendGridTransport({ send } as unknown as MailService);
  }

  it('passes the delivery id as a custom arg, turns click tracking off and returns X-Message-Id', async () => {
    const send = jest.fn().mockResolvedValue([{ statusCode: 202, headers: { 'x-message-id': 'msg-1' }, body: '' }, '']);
    await expect(transport(send).send(msg)).resolves.toEqual({ provider: 'sendgrid', messageId: 'msg-1' });
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        to: msg.to, from: msg.from, subject: msg.subject, html: msg.html, text: msg.text,
        customArgs: { sesame_delivery_id: 'd-1', sesame_tenant_id: 't-1' },
        trackingSettings: expect.objectContaining({ clickTracking: { enable: false, enableText: false } }),
      }),
    );
  });

  it('classifies a rejection', async () => {
    const send = jest.fn().mockRejectedValue(Object.assign(new Error('Unauthorized'), { code: 401, response: { headers: {}, body: {} } }));
    const err = await transport(send).send(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ permanent: true, message: 'SendGrid 401' });
  });

  it('treats an unexpected non-2xx resolution as retryable', async () => {
    const send = jest.fn().mockResolvedValue([{ statusCode: 302, headers: {}, body: '' }, '']);
    await expect(transport(send).send(msg)).rejects.toMatchObject({ permanent: false, message: 'SendGrid answered 302' });
  });
});
