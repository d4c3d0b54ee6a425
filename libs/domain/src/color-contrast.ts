/** `#rrggbb`, the only colour form the policy stores. */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** WCAG 2.x level AA for normal text: the least contrast a button label or link may have. */
export const WCAG_AA_CONTRAST = 4.5;

/** Relative luminance of an sRGB `#rrggbb` colour (WCAG 2.x definition). */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast ratio of two colours, 1 (none) to 21 (black on white); the order does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The label colour for a button of colour `background`: white when it reaches AA, else near-black.
 * Every colour reaches AA against one of the two, so a policy stored before the save-time check
 * still renders legibly.
 */
export function readableTextOn(background: string): '#ffffff' | '#111111' {
  return contrastRatio(background, '#ffffff') >= WCAG_AA_CONTRAST ? '#ffffff' : '#111111';
}
