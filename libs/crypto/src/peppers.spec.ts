import { parsePeppers } from './peppers';

const S = 'x'.repeat(32);

describe('parsePeppers', () => {
  it('parses keyId:secret entries in order, splitting at the first colon', () => {
    expect(parsePeppers([`k2:${S}:more`, `k1:${S}`])).toEqual([
      { keyId: 'k2', secret: `${S}:more` },
      { keyId: 'k1', secret: S },
    ]);
  });

  it.each([
    ['empty list', []],
    ['no colon', [S]],
    ['empty key id', [`:${S}`]],
    ['bad key id', [`k 1:${S}`]],
    ['long key id', [`${'k'.repeat(17)}:${S}`]],
    ['short secret', ['k1:short']],
    ['duplicate key id', [`k1:${S}`, `k1:${'y'.repeat(32)}`]],
  ])('rejects %s', (_name, list) => {
    expect(() => parsePeppers(list)).toThrow();
  });

  it('never puts the secret in the error message', () => {
    expect(() => parsePeppers(['k1:tooShortSecretValue'])).toThrow(expect.objectContaining({ message: expect.not.stringContaining('tooShortSecretValue') }));
  });
});
