import { defaultPolicy } from '../policy';
import { secondFactorOptions } from '../accounts';
import { selfServiceAllowed, selfServiceLinkType, signUpContextData } from './self-service';

const policy = () => defaultPolicy({ tenantName: 'Acme', appOrigin: 'https://app.example.com' });

describe('self-service pages', () => {
  it('forgot password is on by default and off with self_service_reset or reset links disabled', () => {
    const p = policy();
    expect(selfServiceAllowed('forgot_password', p)).toBe(true);
    expect(selfServiceAllowed('forgot_password', { ...p, passwords: { ...p.passwords, self_service_reset: false } })).toBe(false);
    expect(selfServiceAllowed('forgot_password', { ...p, links: { ...p.links, password_reset: { enabled: false, ttl_seconds: 600 } } })).toBe(false);
  });

  it('sign-up needs self_registration and registration links', () => {
    const p = policy();
    expect(selfServiceAllowed('sign_up', p)).toBe(false);
    const open = { ...p, users: { ...p.users, self_registration: true } };
    expect(selfServiceAllowed('sign_up', open)).toBe(true);
    expect(selfServiceAllowed('sign_up', { ...open, links: { ...open.links, registration: { enabled: false, ttl_seconds: 300 } } })).toBe(false);
  });

  it('chooses the link by what the address is, and none for a disabled user', () => {
    const active = { status: 'active' as const, emailVerified: false };
    const verified = { status: 'active' as const, emailVerified: true };
    expect(selfServiceLinkType('forgot_password', null, true)).toBeNull();
    expect(selfServiceLinkType('forgot_password', active, true)).toBe('password_reset');
    expect(selfServiceLinkType('verify_email', active, true)).toBe('verify_email');
    expect(selfServiceLinkType('verify_email', verified, true)).toBeNull();
    expect(selfServiceLinkType('sign_up', null, true)).toBe('registration');
    expect(selfServiceLinkType('sign_up', active, true)).toBe('registration');
    expect(selfServiceLinkType('sign_up', verified, true)).toBe('login');
    expect(selfServiceLinkType('sign_up', verified, false)).toBeNull();
    for (const kind of ['forgot_password', 'verify_email', 'sign_up'] as const) {
      expect(selfServiceLinkType(kind, { status: 'disabled', emailVerified: true }, true)).toBeNull();
    }
  });

  it('takes context_data[key] fields only, bounded', () => {
    expect(signUpContextData({ 'context_data[referrer]': 'newsletter', email: 'x', 'context_data[a b]': 'no', 'context_data[n]': ['1'] }))
      .toEqual({ referrer: 'newsletter' });
    expect(signUpContextData({ email: 'x' })).toBeUndefined();
    expect(signUpContextData({ 'context_data[long]': 'x'.repeat(501) })).toBeUndefined();
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`context_data[k${i}]`, 'v']));
    expect(Object.keys(signUpContextData(many) ?? {})).toHaveLength(20);
  });

  it('offers Magic Link as a second factor only for a password-then-magic-link application with login links on', () => {
    expect(secondFactorOptions('password_then_magic_link', true)).toEqual(['magic_link']);
    expect(secondFactorOptions('password_then_magic_link', false)).toEqual([]);
    expect(secondFactorOptions('magic_link', true)).toEqual([]);
  });
});
