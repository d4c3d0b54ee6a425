// The five processes of a development stack (`npm start`, `npm run dev`), run from dist/ in this
// terminal with one coloured name column each. Processes always log JSON; this side turns each
// line human-readable with pino-pretty unless LOG_FORMAT=json or NODE_ENV=production, so what a
// process writes is the same everywhere and only the terminal view changes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { healthPort } from './dev-env.mjs';

export const PROCESSES = ['token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher', 'gateway'];
const COLORS = { 'token-service': 36, 'mail-worker': 35, scheduler: 33, 'webhook-dispatcher': 34, gateway: 32 };
const LOG_FORMATS = ['pretty', 'json'];

/** `pretty` or `json`; exits with a usage message on anything else. */
export function logFormat(env) {
  const format = env.LOG_FORMAT || (env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (!LOG_FORMATS.includes(format)) {
    console.error(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${format}")`);
    process.exit(2);
  }
  return format;
}

/** Turns one line a process wrote into what the terminal shows (may span lines, e.g. a stack). */
async function lineFormatter(format) {
  if (format === 'json') return (line) => line;
  let prettyFactory;
  try {
    ({ prettyFactory } = await import('pino-pretty'));
  } catch {
    // pino-pretty is a devDependency: an install with --omit=dev still runs, with JSON lines.
    console.error('pino-pretty is not installed (npm install without --omit=dev); showing JSON logs');
    return (line) => line;
  }
  const pretty = prettyFactory({
    colorize: Boolean(process.stdout.isTTY),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // The name column already says which process; pid and hostname are the same on every line.
    ignore: 'service,pid,hostname',
  });
  // Non-JSON lines (a crash before the logger exists) pass through unchanged.
  return (line) => pretty(line).replace(/\n$/, '');
}

export class Stack {
  /**
   * @param root repository root (dist/ is run from there)
   * @param env environment for every process (dev-env.mjs)
   * @param onExit called when a process exits without being asked to
   */
  static async create(root, env, onExit) {
    return new Stack(root, env, await lineFormatter(logFormat(env)), onExit);
  }

  constructor(root, env, format, onExit) {
    this.root = root;
    this.env = env;
    this.format = format;
    this.onExit = onExit;
    this.children = new Map();
    this.stopping = false;
  }

  startAll() {
    for (const name of PROCESSES) this.start(name);
  }

  start(name) {
    const port = healthPort(this.env, name);
    const env = port === undefined ? this.env : { ...this.env, HEALTH_PORT: String(port) };
    const child = spawn(process.execPath, [path.join(this.root, 'dist/apps', name, 'src/main.js')], { cwd: this.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) this.pipe(name, stream);
    child.on('exit', (code, signal) => {
      this.write(name, `exited (${signal ?? code})`);
      if (this.children.get(name) !== child) return;
      this.children.delete(name);
      if (!this.stopping && !child.expectedExit) this.onExit(name, code);
    });
    this.children.set(name, child);
  }

  /** Stops one process (SIGTERM, its normal graceful shutdown) and starts it again. */
  async restart(name) {
    await this.stop(name);
    if (!this.stopping) this.start(name);
  }

  async stop(name) {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null) return;
    child.expectedExit = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops every process, then exits with `code` (after 10 s at the latest). */
  async stopAll(code = 0) {
    if (this.stopping) return;
    this.stopping = true;
    setTimeout(() => process.exit(code), 10_000).unref();
    await Promise.all([...this.children.keys()].map((name) => this.stop(name)));
    process.exit(code);
  }

  pipe(name, stream) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) this.write(name, this.format(line));
    });
  }

  write(name, text) {
    const prefix = `\x1b[${COLORS[name]}m${name.padEnd(18)}\x1b[0m| `;
    process.stdout.write(text.split('\n').map((l) => prefix + l).join('\n') + '\n');
  }
}
