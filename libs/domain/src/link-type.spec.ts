import { DEFAULT_TTL_SECONDS, LINK_TYPES, MAX_TTL_SECONDS, isLinkType, linkStatus } from './link-type';

describe('linkStatus', () => {
  const now = new Date('2024-01-01T12:00:00Z');
  const future = new Date(now.getTime() + 60_000);
  const past = new Date(now.getTime() - 60_000);

  it.each([
    ['active', { consumedAt: null, revokedAt: null, expiresAt: future }],
    ['expired', { consumedAt: null, revokedAt: null, expiresAt: past }],
    ['expired at the exact expiry instant', { consumedAt: null, revokedAt: null, expiresAt: now }],
    ['consumed', { consumedAt: past, revokedAt: null, expiresAt: future }],
    ['consumed (wins over revoked and expired)', { consumedAt: past, revokedAt: past, expiresAt: past }],
    ['revoked', { consumedAt: null, revokedAt: past, expiresAt: future }],
    ['revoked (wins over expired)', { consumedAt: null, revokedAt: past, expiresAt: past }],
  ])('%s', (name, link) => {
    expect(linkStatus(link, now)).toBe(name.split(' ')[0]);
  });

  it('defaults "now" to the current time', () => {
    expect(linkStatus({ consumedAt: null, revokedAt: null, expiresAt: new Date(Date.now() + 60_000) })).toBe('active');
  });
});

describe('link types', () => {
  it('recognises the known types only', () => {
    for (const t of LINK_TYPES) expect(isLinkType(t)).toBe(true);
    expect(isLinkType('admin')).toBe(false);
    expect(isLinkType(1)).toBe(false);
  });

  it('keeps every default TTL within the ceiling', () => {
    for (const t of LINK_TYPES) expect(DEFAULT_TTL_SECONDS[t]).toBeLessThanOrEqual(MAX_TTL_SECONDS);
  });
});
