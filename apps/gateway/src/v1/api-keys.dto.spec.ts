import { SesameError } from '@sesame/domain';
import { CreateApiKeyDto, expiryOf, MAX_KEY_LIFETIME_SECONDS } from './api-keys.dto';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const dto = (over: Partial<CreateApiKeyDto>): CreateApiKeyDto => Object.assign(new CreateApiKeyDto(), { name: 'k', scopes: ['admin'], ...over });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof SesameError ? err.code : String(err);
  }
};

describe('expiryOf', () => {
  it('is undefined without an expiry, and turns expires_in_seconds into an instant', () => {
    expect(expiryOf(dto({}), NOW)).toBeUndefined();
    expect(expiryOf(dto({ expires_in_seconds: 90 }), NOW)).toBe('2026-12-07T12:01:30.000Z');
  });

  it('takes a future expires_at within ten years, normalised to UTC', () => {
    expect(expiryOf(dto({ expires_at: '2027-01-01T01:00:00+01:00' }), NOW)).toBe('2027-01-01T00:00:00.000Z');
  });

  it.each([
    ['in the past', { expires_at: '2026-12-07T11:59:59Z' }],
    ['now', { expires_at: '2026-12-07T12:00:00Z' }],
    ['beyond ten years', { expires_at: new Date(NOW + MAX_KEY_LIFETIME_SECONDS * 1000 + 1000).toISOString() }],
    ['both forms', { expires_at: '2027-01-01T00:00:00Z', expires_in_seconds: 60 }],
  ])('refuses an expiry %s with validation_failed', (_, over) => {
    expect(codeOf(() => expiryOf(dto(over), NOW))).toBe('validation_failed');
  });
});
