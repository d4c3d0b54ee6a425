import { contrastRatio, readableTextOn, relativeLuminance } from './color-contrast';

describe('WCAG contrast', () => {
  it('uses the WCAG relative luminance: black 0, white 1, sRGB channels linearised', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    // 0x80 → 0.2158605 linear; the weights are 0.2126, 0.7152, 0.0722.
    expect(relativeLuminance('#808080')).toBeCloseTo(0.2158605, 6);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 10);
  });

  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#767676', '#ffffff', 4.54],
    ['#1d4ed8', '#ffffff', 6.7],
    ['#ff5500', '#ffffff', 3.2],
  ])('%s against %s is %d:1', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 1);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 1);
  });

  it('picks white text where it reaches AA, else near-black', () => {
    expect(readableTextOn('#1d4ed8')).toBe('#ffffff');
    expect(readableTextOn('#ff5500')).toBe('#111111');
    expect(contrastRatio('#ff5500', '#111111')).toBeGreaterThanOrEqual(4.5);
    expect(readableTextOn('#ffeb3b')).toBe('#111111');
  });
});
