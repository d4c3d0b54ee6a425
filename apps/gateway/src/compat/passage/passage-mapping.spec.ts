import { SesameError } from '@sesame/domain';
import type { PassageCreateMagicLinkResponse } from '@sesame/messaging';
import { toPassageError, toPassageMagicLink, toPassageRequest } from './passage-mapping';

const base = { requestId: 'r1', tenantId: 't1', actor: { apiKeyId: 'k', ip: null, userAgent: null }, appId: 'acme' };

describe('Passage mapping', () => {
  it('maps the body: channel phone is sms, ttl stays minutes, verify_identifier is verify_email, user_id wins over email', () => {
    expect(toPassageRequest(base, { email: 'a@example.com', send: true, channel: 'phone', phone: '+11234567890', ttl: 120, type: 'verify_identifier' }))
      .toMatchObject({ email: 'a@example.com', send: true, channel: 'sms', phone: '+11234567890', ttlMinutes: 120, type: 'verify_email' });
    const id = '6f1c1f0e-1d6b-4a47-9a59-3f1fb0a3c7b1';
    expect(toPassageRequest(base, { user_id: id, email: 'a@example.com' })).toMatchObject({ userId: id, email: undefined, send: false, type: 'login' });
  });

  it('drops an unsupported language tag instead of failing (Passage falls back to the default)', () => {
    expect(toPassageRequest(base, { email: 'a@example.com', language: 'en' }).language).toBe('en');
    expect(toPassageRequest(base, { email: 'a@example.com', language: 'not a language!' }).language).toBeUndefined();
  });

  it('refuses a body without an identifier, and treats a non-Sesame user id as unknown', () => {
    expect(() => toPassageRequest(base, {})).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => toPassageRequest(base, { user_id: 'M6SNdnnS6ZRjT2BctV67If9K' })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('builds the magic_link object, empty secret and url when Sesame sent it', () => {
    const r: PassageCreateMagicLinkResponse = {
      link: {
        id: 'l1', type: 'verify_email', user_id: 'u1', identifier: 'a@example.com', status: 'active', redirect_url: 'http://x.test/p',
        expires_at: '2030-01-01T01:00:00.000Z', created_at: '2030-01-01T00:00:00.000Z', consumed_at: null, revoked_at: null,
      },
      app_id: 't1', secret: null, url: null, ttl_minutes: 60, identifier: 'a@example.com',
    };
    expect(toPassageMagicLink(r, '/p')).toEqual({
      id: 'l1', secret: '', activated: false, user_id: 'u1', app_id: 't1', identifier: 'a@example.com', type: 'verify_identifier',
      redirect_url: '/p', url: '', ttl: 60,
    });
  });

  it.each([
    [new SesameError('not_found', 'App not found', { resource: 'app' }), 'app_not_found'],
    [new SesameError('not_found', 'User not found'), 'user_not_found'],
    [new SesameError('validation_failed', 'x'), 'invalid_request'],
    [new SesameError('redirect_not_allowed', 'x'), 'invalid_request'],
    [new SesameError('unknown_type', 'x'), 'invalid_request'],
    [new SesameError('unauthorized', 'x'), 'invalid_access_token'],
    [new SesameError('internal_error', 'x'), 'internal_server_error'],
    [new SesameError('insufficient_scope', 'x'), 'insufficient_scope'],
    [new SesameError('rate_limited', 'x'), 'rate_limited'],
  ])('answers %p as {code: %p, error}', (err, code) => {
    expect(toPassageError(err)).toEqual({ code, error: err.message });
  });
});
