import type { Check } from '../faults/fault';
import type { InvariantCounts } from '../invariants/invariants';

export interface Row {
  fault: string;
  counts: InvariantCounts;
  checks: Check[];
  /** Why this row is reported but not enforced (work not on main yet). */
  pending?: string;
}

const HEADER = ['fault', 'requests', 'committed', 'I1 unmailed', 'I2 mailed refused', 'I3 dup/cut', 'I4 reused', 'I5 webhook', 'I6 claim late', 'checks'];

/** True when the row breaks an invariant that must hold (duplicates beyond the measured cuts included). */
export function violates(row: Row): boolean {
  const c = row.counts;
  return c.i1 + c.i2 + c.i4 + c.i5 + c.i6 > 0 || c.duplicates > c.explainedDuplicates || row.checks.some((k) => !k.ok);
}

/** The fault × invariant table, as aligned plain text (each invariant cell is a count of violations). */
export function renderTable(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.pending ? `${r.fault} (pending: ${r.pending})` : r.fault,
    String(r.counts.requests),
    String(r.counts.committed),
    String(r.counts.i1),
    String(r.counts.i2),
    `${r.counts.duplicates}/${r.counts.explainedDuplicates}`,
    String(r.counts.i4),
    String(r.counts.i5),
    String(r.counts.i6),
    r.checks.length === 0 ? '-' : r.checks.every((k) => k.ok) ? `ok (${r.checks.length})` : `FAILED ${r.checks.filter((k) => !k.ok).map((k) => k.name).join(', ')}`,
  ]);
  const all = [HEADER, ...cells];
  const widths = HEADER.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 || i === widths.length - 1 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(HEADER), rule, ...cells.map(line)].join('\n');
}

/** One line per check, then examples of what broke an invariant, for the log under the table. */
export function renderChecks(rows: Row[]): string {
  return rows
    .flatMap((r) => [
      ...r.checks.map((k) => `${k.ok ? 'ok  ' : 'FAIL'} ${r.fault}: ${k.name} — ${k.detail}`),
      ...r.counts.examples.map((e) => `VIOLATION ${r.fault}: ${e}`),
    ])
    .join('\n');
}
