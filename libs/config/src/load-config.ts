import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

const SECRET_KEYS = Symbol('sesame:secret-keys');

/** Marks a config property as a secret: it is masked whenever the config is described or logged. */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    const keys: string[] = Reflect.getMetadata(SECRET_KEYS, target) ?? [];
    Reflect.defineMetadata(SECRET_KEYS, [...keys, String(key)], target);
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Builds and validates a process's config from environment variables. Property names are the
 * variable names. Throws ConfigError listing every bad variable at once, never only the first.
 */
export function loadConfig<T extends object>(cls: new () => T, env: Env = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : coerce(value, defaults[key]);
  }
  const config = plainToInstance(cls, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(flatten(errors));
  return Object.freeze(config);
}

/** The config with secrets masked, for start-up logs. */
export function describeConfig(config: object): Record<string, unknown> {
  const secrets: string[] = Reflect.getMetadata(SECRET_KEYS, config) ?? [];
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, secrets.includes(k) && v ? '***' : v]),
  );
}

/** Env values are strings: convert to the type of the property's default (numbers, booleans). */
function coerce(value: string, fallback: unknown): unknown {
  if (typeof fallback === 'number') return value.trim() === '' ? Number.NaN : Number(value);
  if (typeof fallback === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message}`),
  );
}

/** For a process's main: load the config or print every problem in one block and exit 1. */
export function loadConfigOrExit<T extends object>(cls: new () => T, service: string): T {
  try {
    return loadConfig(cls);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
