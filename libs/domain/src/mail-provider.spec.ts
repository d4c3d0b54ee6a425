import type { SesameError } from './errors';
import { validateProviderConfig } from './mail-provider';

describe('validateProviderConfig', () => {
  it('splits settings from credentials', () => {
    expect(validateProviderConfig('email', { kind: 'smtp', settings: { host: 'mail.acme.test', port: 587, username: 'u' }, credentials: { password: 'p' } }))
      .toEqual({ kind: 'smtp', settings: { host: 'mail.acme.test', port: 587, username: 'u' }, credentials: { password: 'p' } });
    expect(validateProviderConfig('email', { kind: 'sendgrid', credentials: { api_key: 'SG.x' } }).credentials).toEqual({ api_key: 'SG.x' });
    const key = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
    expect(validateProviderConfig('email', { kind: 'sendgrid', settings: { event_public_key: key }, credentials: { api_key: 'SG.x' } }).settings)
      .toEqual({ event_public_key: key });
    expect(validateProviderConfig('sms', { kind: 'outbox' })).toEqual({ kind: 'outbox', settings: {}, credentials: null });
  });

  it.each([
    ['email', { kind: 'twilio' }, 'kind must be one of outbox, sendgrid, smtp'],
    ['sms', { kind: 'sendgrid' }, 'kind must be one of outbox, twilio'],
    ['email', { kind: 'sendgrid' }, 'credentials.api_key is required'],
    ['email', { kind: 'smtp', settings: { host: 'h', port: 70000 } }, 'settings.port must be a port number'],
    ['email', { kind: 'smtp', settings: { host: 'h', port: '25' } }, 'settings.port must be a number'],
    ['email', { kind: 'sendgrid', credentials: { api_key: 'k', password: 'x' } }, 'credentials.password is not a sendgrid credential'],
    ['email', { kind: 'sendgrid', settings: { event_public_key: 'not a key' }, credentials: { api_key: 'k' } }, 'settings.event_public_key must be'],
    ['email', { kind: 'sendgrid', settings: { event_public_key: 42 }, credentials: { api_key: 'k' } }, 'settings.event_public_key must be a string'],
    ['sms', { kind: 'twilio', settings: { account_sid: 'nope', from: '+14155550100' }, credentials: { auth_token: 't' } }, 'account SID'],
    ['sms', { kind: 'twilio', settings: { account_sid: `AC${'1'.repeat(32)}`, from: '555' }, credentials: { auth_token: 't' } }, 'E.164'],
  ] as const)('%s %j is refused', (channel, input, message) => {
    expect(() => validateProviderConfig(channel, input)).toThrow(message);
  });

  it('names every issue in details.issues, the unknown kind included', () => {
    const issues = (input: Parameters<typeof validateProviderConfig>[1]) => {
      try {
        validateProviderConfig('email', input);
      } catch (err) {
        return (err as SesameError).details?.issues;
      }
      throw new Error('accepted');
    };
    expect(issues({ kind: 'fax' })).toEqual(['kind must be one of outbox, sendgrid, smtp for email']);
    expect(issues({ kind: 'smtp', settings: { port: 0 } })).toEqual(['settings.host is required', 'settings.port must be a port number']);
  });
});
