import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { responseProblems, Secrets } from './checks';
import { applyMutation, Credentials, Mutation } from './mutations';
import type { Operation } from './operations';
import { mutationsOf, VALUE_CLASSES } from './value-classes';
import { send, WireResponse } from './wire';

export interface CampaignOptions {
  seed: number;
  /** Cases per operation × value class, at most. */
  runs: number;
  /** Stop sending new cases after this long, whatever `runs` says. */
  seconds: number;
  concurrency: number;
  /** Only cells whose `<operation> :: <class>` contains this. */
  only?: string;
}

export interface Cell {
  requests: number;
  s4xx: number;
  s429: number;
  s5xx: number;
}

export interface Violation {
  op: string;
  valueClass: string;
  round: number;
  status: number;
  problems: string[];
  mutation: string;
}

export interface CampaignResult {
  cells: Map<string, Map<string, Cell>>;
  /** Status of each operation's valid request, sent before the hostile ones. */
  base: Map<string, { status: number; code?: string }>;
  violations: Violation[];
  violationCount: number;
  requests: number;
  elapsedMs: number;
  rounds: number;
}

const KEEP_VIOLATIONS = 200;

/**
 * Round-robin over every operation × value class: round r sends each cell's r-th case (generated
 * by fast-check from a seed derived from the campaign seed, the cell and r, so any case replays
 * alone), until `runs` rounds are done or the time is up. Every cell is reached in the first round.
 */
export async function runCampaign(baseUrl: string, ops: Operation[], creds: Credentials, secrets: Secrets, opts: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const deadline = started + opts.seconds * 1000;
  const result: CampaignResult = { cells: new Map(), base: new Map(), violations: [], violationCount: 0, requests: 0, elapsedMs: 0, rounds: 0 };
  const cells = ops.flatMap((op) => VALUE_CLASSES.map((vc) => ({ op, vc, arb: mutationsOf(op, vc) })))
    .filter((c) => !opts.only || `${c.op.id} :: ${c.vc.name}`.includes(opts.only));
  for (const { op, vc, arb } of cells) {
    if (!result.cells.has(op.id)) result.cells.set(op.id, new Map());
    if (arb) result.cells.get(op.id)?.set(vc.name, { requests: 0, s4xx: 0, s429: 0, s5xx: 0 });
  }

  // Deletions last: a template override or provider has no spare, and must outlive the other valid requests.
  const baseOrder = [...new Set(cells.map((c) => c.op))].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
  for (const op of baseOrder) {
    const res = await exchange(baseUrl, op, undefined, creds);
    result.requests++;
    const code = errorCode(res.body);
    result.base.set(op.id, { status: res.status, code });
    record(result, op, 'valid request', -1, undefined, res, responseProblems(op, res, secrets));
  }

  const live = cells.filter((c) => c.arb);
  for (let round = 0; round < opts.runs && Date.now() < deadline; round++) {
    const queue = live.map((c) => ({ ...c, round }));
    const lanes = Array.from({ length: opts.concurrency }, async () => {
      for (let item = queue.shift(); item && Date.now() < deadline; item = queue.shift()) {
        const { op, vc, arb } = item;
        const [mutation] = fc.sample(arb as fc.Arbitrary<Mutation>, { seed: cellSeed(opts.seed, op.id, vc.name, round), numRuns: 1 });
        const res = await exchange(baseUrl, op, mutation, creds);
        result.requests++;
        const cell = result.cells.get(op.id)?.get(vc.name) as Cell;
        cell.requests++;
        if (res.status >= 500) cell.s5xx++;
        else if (res.status === 429) cell.s429++;
        else if (res.status >= 400) cell.s4xx++;
        record(result, op, vc.name, round, mutation, res, responseProblems(op, res, secrets));
      }
    });
    await Promise.all(lanes);
    if (queue.length === 0) result.rounds = round + 1;
  }
  result.elapsedMs = Date.now() - started;
  return result;
}

/** The seed of one case: stable across runs and independent of every other cell. */
export function cellSeed(seed: number, op: string, valueClass: string, round: number): number {
  return createHash('sha256').update(`${seed}|${op}|${valueClass}|${round}`).digest().readInt32LE(0);
}

async function exchange(baseUrl: string, op: Operation, mutation: Mutation | undefined, creds: Credentials): Promise<WireResponse> {
  const req = applyMutation(op, mutation, creds, randomClientIp());
  try {
    return await send(baseUrl, req);
  } catch (err) {
    // A connection dropped without an answer is a failure of its own, shown as status 0.
    return { status: 0, headers: {}, body: `no answer: ${(err as Error).message}` };
  }
}

function record(result: CampaignResult, op: Operation, valueClass: string, round: number, mutation: Mutation | undefined, res: WireResponse, problems: string[]): void {
  if (res.status === 0) problems.unshift(res.body);
  if (!problems.length) return;
  result.violationCount++;
  if (result.violations.length >= KEEP_VIOLATIONS) return;
  result.violations.push({ op: op.id, valueClass, round, status: res.status, problems, mutation: describe(mutation) });
}

/** A mutation as readable JSON, long values cut (the seed replays it exactly). */
function describe(m: Mutation | undefined): string {
  if (!m) return '(the valid request)';
  const text = JSON.stringify(m, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 60)}…(${v.length} chars)` : v));
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string }; errorCode?: string; code?: string };
    return parsed.error?.code ?? parsed.errorCode ?? parsed.code;
  } catch {
    return undefined;
  }
}

/** Callers spread over 198.18.0.0/15 (RFC 2544) so per-IP limits and lock-outs do not end the run early. */
function randomClientIp(): string {
  const n = Math.floor(Math.random() * 2 ** 17);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

/** The operation × value class table: `requests/4xx/5xx` per cell (429s are in the 4xx), totals last. */
export function formatTable(result: CampaignResult, seed: number): string {
  const classes = VALUE_CLASSES.map((vc) => vc.name);
  const header = ['operation', 'valid', ...classes];
  const rows: string[][] = [];
  const total = new Map<string, Cell>(classes.map((c) => [c, { requests: 0, s4xx: 0, s429: 0, s5xx: 0 }]));
  for (const [op, byClass] of result.cells) {
    const base = result.base.get(op);
    rows.push([op, base ? `${base.status}${base.code ? ` ${base.code}` : ''}` : '', ...classes.map((c) => {
      const cell = byClass.get(c);
      if (!cell) return '–';
      const t = total.get(c) as Cell;
      t.requests += cell.requests;
      t.s4xx += cell.s4xx;
      t.s429 += cell.s429;
      t.s5xx += cell.s5xx;
      return `${cell.requests}/${cell.s4xx + cell.s429}/${cell.s5xx}`;
    })]);
  }
  rows.push(['TOTAL (requests/4xx/5xx)', '', ...classes.map((c) => {
    const t = total.get(c) as Cell;
    return `${t.requests}/${t.s4xx + t.s429}/${t.s5xx}`;
  })]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const all = [...total.values()].reduce((a, c) => ({ requests: a.requests + c.requests, s429: a.s429 + c.s429, s5xx: a.s5xx + c.s5xx }), { requests: 0, s429: 0, s5xx: 0 });
  return [
    `Fuzz run: seed ${seed}, ${result.requests} requests in ${(result.elapsedMs / 1000).toFixed(1)} s, ${result.rounds} complete round(s); ` +
      `hostile requests ${all.requests}, of which 429 ${all.s429}, 5xx ${all.s5xx}; violations ${result.violationCount}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
