import { LinkRow, toLinkView } from './link-row';

const base: LinkRow = {
  id: 'l1', type: 'login', user_id: 'u1', identifier: 'a@example.com', redirect_url: null,
  expires_at: new Date(Date.now() + 60_000), created_at: new Date(), consumed_at: null, revoked_at: null,
};

describe('toLinkView', () => {
  it('derives the status from the timestamps', () => {
    expect(toLinkView(base).status).toBe('active');
    expect(toLinkView({ ...base, expires_at: new Date(Date.now() - 1) }).status).toBe('expired');
    expect(toLinkView({ ...base, revoked_at: new Date() }).status).toBe('revoked');
    expect(toLinkView({ ...base, consumed_at: new Date(), revoked_at: new Date() }).status).toBe('consumed');
  });

  it('serialises dates as ISO strings and never exposes the token hash', () => {
    const view = toLinkView({ ...base, token_hash: Buffer.from('x') } as LinkRow);
    expect(view.expires_at).toMatch(/Z$/);
    expect(Object.keys(view)).not.toContain('token_hash');
  });
});
