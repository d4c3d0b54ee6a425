/** A parsed Mustache token: kind, value, start and end in the source, children and closing-tag start of a section. */
export type MustacheToken = [string, string, number, number, MustacheToken[]?, number?];

/** A variable, or a section's opening (`#` or `^`) or closing tag, where it is in the source. */
export interface TemplateTag {
  kind: 'name' | 'open' | 'close';
  name: string;
  /** `#` or `^` for a section's tags. */
  sigil?: string;
  sourceOffset: number;
}
/** What a tag becomes: a variable's value, or something standing for a section's opening or closing tag. */
export type TagFill = (tag: TemplateTag) => string;

export interface AllBranchesRender {
  html: string;
  /** The template source offset an offset of `html` came from (a tag's own start for what a tag put there). */
  sourceOffset(offset: number): number;
}

/**
 * Renders a template with every section's content once, `{{#x}}` and `{{^x}}` alike: the union of
 * everything any message could contain, so markup that only one combination of set and unset
 * variables would assemble is there to be checked. (With section tags kept between tags and
 * text, see template-html-check.ts, any real message is this output minus whole tags and text.)
 */
export function renderAllBranches(tokens: MustacheToken[], fill: TagFill): AllBranchesRender {
  let html = '';
  const segments: { out: number; src: number; text: boolean }[] = [];
  const emit = (s: string, src: number, text: boolean) => {
    if (s === '') return;
    segments.push({ out: html.length, src, text });
    html += s;
  };
  const walk = (list: MustacheToken[]) => {
    for (const [kind, value, start, , children, closeStart] of list) {
      if (kind === 'text') emit(value, start, true);
      else if (kind === 'name') emit(fill({ kind: 'name', name: value, sourceOffset: start }), start, false);
      else if (kind === '#' || kind === '^') {
        emit(fill({ kind: 'open', name: value, sigil: kind, sourceOffset: start }), start, false);
        walk(children ?? []);
        emit(fill({ kind: 'close', name: value, sigil: kind, sourceOffset: closeStart ?? start }), closeStart ?? start, false);
      }
      // Comments print nothing; other tags are refused before this runs.
    }
  };
  walk(tokens);
  return {
    html,
    sourceOffset(offset) {
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segments[mid].out <= offset) lo = mid;
        else hi = mid - 1;
      }
      const seg = segments[lo];
      return seg ? seg.src + (seg.text ? offset - seg.out : 0) : 0;
    },
  };
}

/** 1-based line of a source offset. */
export function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
