import { Sealer } from './sealer';

const OLD = `old:${'a'.repeat(32)}`;
const NEW = `new:${'b'.repeat(32)}`;

describe('Sealer', () => {
  it('round-trips, including non-ASCII and empty text', () => {
    const s = new Sealer([NEW]);
    for (const text of ['hello', '', 'Grüße, 東京 🚀', 'x'.repeat(10_000)]) expect(s.open(s.seal(text))).toBe(text);
  });

  it('writes version 1, the key id, a 12-byte IV and a 16-byte tag', () => {
    const sealed = new Sealer([NEW]).seal('abc');
    expect(sealed[0]).toBe(1);
    expect(sealed[1]).toBe(3);
    expect(sealed.subarray(2, 5).toString('utf8')).toBe('new');
    expect(sealed).toHaveLength(2 + 3 + 12 + 16 + 3);
  });

  it('uses a fresh IV each time', () => {
    const s = new Sealer([NEW]);
    expect(s.seal('same').equals(s.seal('same'))).toBe(false);
  });

  it('detects tampering anywhere', () => {
    const s = new Sealer([NEW]);
    const sealed = s.seal('secret token');
    for (let i = 2 + 3; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i] ^= 0x01;
      expect(() => s.open(bad)).toThrow();
    }
    expect(() => s.open(sealed.subarray(0, sealed.length - 1))).toThrow();
  });

  it('refuses an unknown key id, a wrong version and truncated input', () => {
    const sealed = new Sealer([NEW]).seal('x');
    expect(() => new Sealer([OLD]).open(sealed)).toThrow(/unknown key/);
    const wrongVersion = Buffer.from(sealed);
    wrongVersion[0] = 2;
    expect(() => new Sealer([NEW]).open(wrongVersion)).toThrow(/version/);
    expect(() => new Sealer([NEW]).open(Buffer.alloc(0))).toThrow();
    expect(() => new Sealer([NEW]).open(sealed.subarray(0, 20))).toThrow();
  });

  it('refuses data sealed under the same key id but a different secret', () => {
    const sealed = new Sealer([NEW]).seal('x');
    expect(() => new Sealer([`new:${'c'.repeat(32)}`]).open(sealed)).toThrow();
  });

  it('opens data sealed with the old key after rotation and seals with the new one', () => {
    const sealedOld = new Sealer([OLD]).seal('before rotation');
    const rotated = new Sealer([NEW, OLD]);
    expect(rotated.open(sealedOld)).toBe('before rotation');
    const sealedNew = rotated.seal('after rotation');
    expect(sealedNew.subarray(2, 2 + sealedNew[1]).toString('utf8')).toBe('new');
    expect(new Sealer([NEW]).open(sealedNew)).toBe('after rotation');
  });
});
