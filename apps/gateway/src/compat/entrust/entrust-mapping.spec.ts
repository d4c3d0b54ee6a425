import { SesameError } from '@sesame/domain';
import type { LatestLinkForUserResponse } from '@sesame/messaging';
import {
  ENTRUST_LINK_TYPE_NAMES, normaliseEntrustLinkType, toEntrustCreateResponse, toEntrustErrorInfo, toEntrustLinkType, toEntrustMagicLink, toSesameLinkType,
} from './entrust-mapping';

const link: LatestLinkForUserResponse = {
  id: '6f1c1f0e-1d6b-4a47-9a59-3f1fb0a3c7b1', type: 'password_reset', user_id: '9a1c1f0e-1d6b-4a47-9a59-3f1fb0a3c7b2',
  identifier: 'ada@example.com', status: 'active', redirect_url: 'https://app.example.com/cb?x=1',
  expires_at: '2030-01-01T00:15:00.000Z', created_at: '2030-01-01T00:00:00.000Z', consumed_at: null, revoked_at: null,
  delivered_to: 'ada@example.com',
};

describe('Entrust mapping', () => {
  it.each([
    [undefined, 'registration'],
    ['REGISTRATION', 'registration'],
    ['PASSWORD_RESET', 'password_reset'],
    ['AUTHENTICATION', 'login'],
    ['VERIFY_EMAIL', 'verify_email'],
  ] as const)('maps type %s to %s and back', (entrust, sesame) => {
    expect(toSesameLinkType(entrust)).toBe(sesame);
    expect(toEntrustLinkType(sesame)).toBe(entrust ?? 'REGISTRATION');
  });

  it.each([
    ['authentication', 'AUTHENTICATION'], ['Registration', 'REGISTRATION'], ['password_reset', 'PASSWORD_RESET'],
    ['Password reset', 'PASSWORD_RESET'], ['Password reset Magic Link', 'PASSWORD_RESET'], [' verify-email ', 'VERIFY_EMAIL'],
    ['MAGIC', 'MAGIC'], [42, 42],
  ])('reads the type %p as %p (case-insensitive; anything else is left for validation to refuse)', (given, read) => {
    expect(normaliseEntrustLinkType(given)).toBe(read);
  });

  it('names every Sesame link type', () => {
    expect(ENTRUST_LINK_TYPE_NAMES.map(toSesameLinkType).sort()).toEqual(['login', 'password_reset', 'registration', 'verify_email']);
  });

  it('answers a create with the expiry, and the url only when it was not emailed', () => {
    expect(toEntrustCreateResponse({ ...link, url: 'https://sesame.test/l/abc' })).toEqual({ expiryDate: link.expires_at, url: 'https://sesame.test/l/abc' });
    expect(toEntrustCreateResponse(link)).toEqual({ expiryDate: link.expires_at });
  });

  it('shows a link as Entrust MagicLink with its status, never the token', () => {
    expect(toEntrustMagicLink(link)).toEqual({
      created: link.created_at, expiry: link.expires_at, type: 'PASSWORD_RESET', status: 'ACTIVE',
      email: 'ada@example.com', redirectUrl: 'https://app.example.com/cb?x=1',
    });
    const bare = toEntrustMagicLink({ ...link, status: 'consumed', delivered_to: null, redirect_url: null });
    expect(bare).toEqual({ created: link.created_at, expiry: link.expires_at, type: 'PASSWORD_RESET', status: 'USED' });
    expect(Object.keys(bare)).not.toContain('url');
  });

  it('answers errors as ErrorInfo', () => {
    expect(toEntrustErrorInfo(new SesameError('insufficient_scope', 'This API key lacks the scope MAGICLINKS:VIEW', { required: 'MAGICLINKS:VIEW' })))
      .toEqual({ errorCode: 'insufficient_scope', errorMessage: 'This API key lacks the scope MAGICLINKS:VIEW', parameters: [{ required: 'MAGICLINKS:VIEW' }] });
    expect(toEntrustErrorInfo(new SesameError('not_found', 'User not found')).parameters).toEqual([]);
  });
});
