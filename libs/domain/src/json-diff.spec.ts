import { jsonDiff } from './json-diff';
import { applyPolicyPatch, defaultPolicy } from './policy';

const ctx = { tenantName: 'Acme', appOrigin: 'https://app.acme.test' };

describe('jsonDiff', () => {
  it('is empty for equal policies', () => {
    expect(jsonDiff(defaultPolicy(ctx), defaultPolicy(ctx))).toEqual([]);
  });

  it('lists each changed leaf with its old and new value; arrays are one field', () => {
    const before = defaultPolicy(ctx);
    const after = applyPolicyPatch(before, {
      links: { login: { enabled: false }, registration: { ttl_seconds: 120 } },
      redirect: { enabled: true, allowed_urls: ['https://app.acme.test/cb'] },
      app: { sender_address: 'hi@acme.test' },
    }, ctx);
    expect(jsonDiff(before, after)).toEqual([
      { path: 'links.login.enabled', from: true, to: false },
      { path: 'links.registration.ttl_seconds', from: 300, to: 120 },
      { path: 'redirect.enabled', from: false, to: true },
      { path: 'redirect.allowed_urls', from: [], to: ['https://app.acme.test/cb'] },
      { path: 'app.sender_address', from: null, to: 'hi@acme.test' },
    ]);
  });

  it('reports fields present on one side only', () => {
    expect(jsonDiff({ a: { b: 1 } }, { a: {}, c: 2 })).toEqual([
      { path: 'a.b', from: 1, to: null },
      { path: 'c', from: null, to: 2 },
    ]);
  });
});
