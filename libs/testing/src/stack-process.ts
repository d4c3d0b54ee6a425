import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { testEnv } from './test-env';

/** One running Sesame process of an e2e stack. */
export interface StackProcess {
  /** Instance name, e.g. `gateway` or `token-service-2`. */
  name: string;
  /** App folder under apps/, e.g. `token-service`. */
  app: string;
  pid: number;
  /** Port of the health/metrics listener (the gateway's HTTP port for the gateway). */
  healthPort?: number;
  child: ChildProcess;
  /** Every stdout/stderr line of this process, in order. */
  lines: string[];
}

/** Collects the lines of every process in memory and appends them to one log file. */
export class LogSink {
  readonly all: string[] = [];
  private readonly file: WriteStream;

  constructor(readonly path: string) {
    this.file = createWriteStream(path, { flags: 'a' });
  }

  write(proc: StackProcess, line: string): void {
    proc.lines.push(line);
    this.all.push(line);
    this.file.write(`${proc.name.padEnd(20)} | ${line}\n`);
  }

  note(line: string): void {
    this.file.write(`${'[stack]'.padEnd(20)} | ${line}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(() => resolve()));
  }
}

/** Spawns `node <mainPath>` with exactly `env` (plus PATH/HOME) and pipes its output into the sink. */
export function spawnProcess(name: string, app: string, mainPath: string, env: Record<string, string>, sink: LogSink): StackProcess {
  if (!existsSync(mainPath)) throw new Error(`${mainPath} does not exist: run \`npm run build\` first`);
  const child = spawn(process.execPath, [mainPath], {
    env: { ...testEnv.inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: StackProcess = { name, app, pid: child.pid ?? -1, child, lines: [] };
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => sink.write(proc, line));
  }
  child.on('exit', (code, signal) => sink.note(`${name} exited (code ${code}, signal ${signal})`));
  return proc;
}

/** Resolves once a line satisfies `match` (its result is returned); rejects if the process exits first. */
export function waitForLine<T>(proc: StackProcess, match: (line: string) => T | undefined, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const poll = setInterval(check, 50);
    function check() {
      for (; seen < proc.lines.length; seen++) {
        const found = match(proc.lines[seen]);
        if (found !== undefined) return finish(() => resolve(found));
      }
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        return finish(() => reject(exitedEarly(proc)));
      }
      if (signal.aborted) finish(() => reject(signal.reason));
    }
    function finish(fn: () => void) {
      clearInterval(poll);
      fn();
    }
  });
}

export function exitedEarly(proc: StackProcess): Error {
  const { exitCode, signalCode } = proc.child;
  return new Error(
    `${proc.name} exited early (code ${exitCode}, signal ${signalCode}). Last 30 log lines:\n${tail(proc)}`,
  );
}

export function tail(proc: StackProcess, n = 30): string {
  return proc.lines.slice(-n).map((l) => `  ${l}`).join('\n') || '  (no output)';
}

/** Parses a pino JSON line; undefined for anything else. */
export function parseLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves with how the process ended. */
export async function stopProcess(proc: StackProcess, graceMs: number): Promise<{ name: string; code: number | null; signal: string | null; killed: boolean }> {
  const { child } = proc;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  let killed = false;
  if (!exited()) {
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, graceMs);
    await done;
    clearTimeout(timer);
  }
  return { name: proc.name, code: child.exitCode, signal: child.signalCode, killed };
}
