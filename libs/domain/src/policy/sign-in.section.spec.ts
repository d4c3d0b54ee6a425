import { SesameError } from '../errors';
import { applyPolicyPatch, defaultPolicy } from './policy';
import { linkLanding } from './sign-in.section';

const ctx = { tenantName: 'Acme', appOrigin: 'https://app.acme.test' };

function refusal(patch: unknown): { path: string; message: string }[] {
  try {
    applyPolicyPatch(defaultPolicy(ctx), patch, ctx);
  } catch (err) {
    expect(err).toBeInstanceOf(SesameError);
    return (err as SesameError).details!.issues as { path: string; message: string }[];
  }
  throw new Error('expected the patch to be refused');
}

describe('sign_in and rate_limits policy sections', () => {
  it('default to confirming across devices, no binding, and the issue\'s limits', () => {
    const p = defaultPolicy(ctx);
    expect(p.sign_in).toEqual({ confirm: 'cross_device', bind_ip: false, bind_user_agent: false, allowed_origins: [] });
    expect(p.rate_limits.email_per_hour).toEqual({ points: 5, window_seconds: 3600 });
    expect(p.rate_limits.email_per_minute).toEqual({ points: 1, window_seconds: 60 });
    expect(p.rate_limits.ip_public).toEqual({ points: 30, window_seconds: 300 });
    expect(p.rate_limits.failed_per_ip).toEqual({ points: 100, window_seconds: 86_400 });
  });

  it('takes a patch of one limit and normalises allowed origins', () => {
    const p = applyPolicyPatch(defaultPolicy(ctx), {
      rate_limits: { ip_public: { points: 1000 } },
      sign_in: { confirm: 'always', allowed_origins: ['HTTPS://Shop.Acme.test:443'] },
    }, ctx);
    expect(p.rate_limits.ip_public).toEqual({ points: 1000, window_seconds: 300 });
    expect(p.sign_in.confirm).toBe('always');
    expect(p.sign_in.allowed_origins).toEqual(['https://shop.acme.test']);
  });

  it.each([
    [{ sign_in: { confirm: 'sometimes' } }, 'sign_in.confirm'],
    [{ sign_in: { bind_ip: 'yes' } }, 'sign_in.bind_ip'],
    [{ sign_in: { allowed_origins: ['https://a.test/path'] } }, 'sign_in.allowed_origins.0'],
    [{ rate_limits: { tenant: { points: -1 } } }, 'rate_limits.tenant.points'],
    [{ rate_limits: { ip_public: { points: 0 } } }, 'rate_limits.ip_public.points'],
    [{ rate_limits: { email_per_hour: { window_seconds: 1.5 } } }, 'rate_limits.email_per_hour.window_seconds'],
    [{ rate_limits: { nope: { points: 1 } } }, 'rate_limits.nope'],
  ])('refuses %j at %s', (patch, path) => {
    expect(refusal(patch).map((i) => i.path)).toContain(path);
  });

  describe('linkLanding', () => {
    it('always confirms when the policy says always, even in the browser that asked', () => {
      expect(linkLanding('always', { sameBrowser: true, pkce: true })).toBe('confirm');
    });
    it('confirms across devices by default and lets the asking browser through', () => {
      expect(linkLanding('cross_device', { sameBrowser: false, pkce: false })).toBe('confirm');
      expect(linkLanding('cross_device', { sameBrowser: true, pkce: false })).toBe('redirect');
      expect(linkLanding('cross_device', { sameBrowser: false, pkce: true })).toBe('redirect');
    });
    it('never confirms when the policy says never', () => {
      expect(linkLanding('never', { sameBrowser: false, pkce: false })).toBe('redirect');
    });
  });
});
