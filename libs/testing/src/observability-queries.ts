import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Words of PromQL that look like names but are not metrics. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads. A tokenizer, not a parser: string literals, label
 * matchers `{…}`, ranges `[…]` and grouping clauses `by (…)` are dropped, and what is left of the
 * identifiers, less function calls and keywords, are metric names.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = m[0];
    const rest = stripped.slice(m.index! + word.length);
    if (/^\s*\(/.test(rest) || KEYWORDS.has(word.toLowerCase())) continue;
    if (/^[0-9.]/.test(word) || /[0-9.]$/.test(stripped.slice(0, m.index!))) continue; // a duration's unit (5m) or exponent
    names.add(word);
  }
  return [...names];
}

export interface ObservabilityQuery {
  /** Where it comes from: `rules: <alert>` or `dashboard: <panel title>`. */
  source: string;
  expr: string;
}

/**
 * Every PromQL expression of deploy/observability: the alert rules' `expr` (one line, or a `|`
 * block) and the dashboard panels' targets.
 */
export function observabilityQueries(repoRoot: string): ObservabilityQuery[] {
  const dir = join(repoRoot, 'deploy', 'observability');
  const queries: ObservabilityQuery[] = [];
  const lines = readFileSync(join(dir, 'sesame-alerts.rules.yml'), 'utf8').split('\n');
  let alert = '';
  for (let i = 0; i < lines.length; i++) {
    const named = /^\s*- (?:alert|record): (.+)$/.exec(lines[i]);
    if (named) alert = named[1].trim();
    const expr = /^(\s*)expr:\s*(.*)$/.exec(lines[i]);
    if (!expr) continue;
    if (expr[2].trim() !== '|') {
      queries.push({ source: `rules: ${alert}`, expr: expr[2] });
      continue;
    }
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || indent(lines[i + 1]) > expr[1].length)) block.push(lines[++i].trim());
    queries.push({ source: `rules: ${alert}`, expr: block.join(' ').trim() });
  }
  const dashboard = JSON.parse(readFileSync(join(dir, 'sesame-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
  for (const panel of dashboard.panels) for (const t of panel.targets ?? []) queries.push({ source: `dashboard: ${panel.title}`, expr: t.expr });
  return queries;
}

const indent = (line: string) => line.length - line.trimStart().length;

/**
 * The metric names a Prometheus text exposition offers to queries: every sample's name, and for
 * each declared metric (`# TYPE`) the names its samples will have once it has any (a counter with
 * labels has none until first incremented; a histogram's are `_bucket`, `_count`, `_sum`).
 */
export function exposedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      const suffixes = kind === 'histogram' ? ['_bucket', '_count', '_sum'] : kind === 'summary' ? ['', '_count', '_sum'] : [''];
      suffixes.forEach((s) => names.add(name + s));
    } else if (line && !line.startsWith('#')) {
      names.add(/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0]);
    }
  }
  return names;
}
