import { isContextData, MAX_CONTEXT_KEYS } from './context-data';

describe('context_data', () => {
  // Auth Armor: "When you validate the magiclink_registration_token this data will be returned to you."
  it('accepts flat JSON values of every scalar type', () => {
    expect(isContextData({ referrer: 'newsletter', seats: 3, ratio: 0.5, trial: true, coupon: null })).toBe(true);
    expect(isContextData({})).toBe(true);
  });

  it.each([
    ['a nested object', { a: { b: 1 } }],
    ['an array value', { a: [1] }],
    ['an array', ['a']],
    ['null', null],
    ['a string', 'a=b'],
    ['a long string', { a: 'x'.repeat(1001) }],
    ['a long key', { ['k'.repeat(101)]: 'v' }],
    ['too many keys', Object.fromEntries(Array.from({ length: MAX_CONTEXT_KEYS + 1 }, (_, i) => [`k${i}`, i]))],
  ])('refuses %s', (_name, value) => {
    expect(isContextData(value)).toBe(false);
  });
});
