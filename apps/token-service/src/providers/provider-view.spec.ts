import { changedKeys, deploymentView, tenantView } from './provider-view';

describe('provider views', () => {
  it('shows a tenant row with credential names only, sorted', () => {
    const row = { channel: 'email', kind: 'smtp', settings: { host: 'h', port: 25 }, sealed_credentials: Buffer.from('sealed'), updated_at: new Date('2026-01-02T03:04:05Z') };
    expect(tenantView(row, ['password'])).toEqual({
      channel: 'email', kind: 'smtp', settings: { host: 'h', port: 25 }, credentials_set: ['password'], source: 'tenant', updated_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('says a channel without a row uses the deployment default', () => {
    expect(deploymentView('sms')).toEqual({ channel: 'sms', kind: null, settings: {}, credentials_set: [], source: 'deployment', updated_at: null });
  });

  it('names settings added, removed and changed, not the unchanged ones', () => {
    expect(changedKeys({ host: 'a', port: 25, username: 'u' }, { host: 'b', port: 25, secure: true })).toEqual(['host', 'secure', 'username']);
    expect(changedKeys({ port: 25 }, { port: 25 })).toEqual([]);
  });
});
