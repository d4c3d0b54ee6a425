// CPU seconds used so far by each part of a bench stack, so a scenario can report where its time
// went per link (Linux /proc; {} elsewhere). Postgres counts only the backends of the stack's
// database, grouped by application_name; Redis is the oldest local redis-server (shared by others
// on a shared machine, so read its figure as an upper bound).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICK = 100; // USER_HZ

function ofPid(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}

export async function cpuSeconds(stack) {
  if (!fs.existsSync('/proc/self/stat')) return {};
  const self = process.cpuUsage();
  const out = { bench: (self.user + self.system) / 1e6 };
  for (const p of stack.processes) out[p.name] = ofPid(p.pid);
  const { rows } = await stack.db.pool.query(
    `SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  // Per backend: one that closes between two readings must not make its group's delta negative.
  for (const r of rows) out[`postgres:${r.app || '?'}#${r.pid}`] = ofPid(r.pid);
  try {
    out.redis = ofPid(execFileSync('pgrep', ['-o', 'redis-server'], { encoding: 'utf8' }).trim());
  } catch {
    /* no pgrep or no local redis */
  }
  return out;
}

/**
 * CPU spent between two `cpuSeconds` readings, per part (Postgres backends summed by application),
 * in milliseconds per `per` units of work. Backends gone by the second reading are not counted.
 */
export function cpuMsPer(before, after, per) {
  const n = Math.max(1, per);
  const out = {};
  for (const [k, v] of Object.entries(after)) {
    const part = k.split('#')[0];
    out[part] = (out[part] ?? 0) + v - (before[k] ?? 0);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, +((v * 1000) / n).toFixed(3)]));
}
