import { Writable } from 'node:stream';
import { DatabaseError } from 'pg-protocol';
import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';
import { describeError, serializeError } from './log-redaction';

const EMAIL = 'victim@example.com';
const SEALED = 'c2VhbGVkLXRva2VuLWJ5dGVz';

/** What TypeORM throws when node-postgres reports a failed statement: both layers quote values. */
function failedInsert(): QueryFailedError {
  const driver = new DatabaseError('new row for relation "users" violates check constraint "users_email_check"', 200, 'error');
  Object.assign(driver, {
    severity: 'ERROR', code: '23514', table: 'users', constraint: 'users_email_check', schema: 'public', routine: 'ExecConstraints',
    detail: `Failing row contains (${EMAIL}, ${SEALED}).`, where: `SQL function with ${EMAIL}`, internalQuery: `SELECT '${EMAIL}'`,
  });
  return new QueryFailedError(`INSERT INTO users (email, sealed) VALUES ($1, $2) -- '${EMAIL}'`, [EMAIL, SEALED], driver);
}

function capture(): { raw: string[]; logger: ReturnType<typeof createLogger> } {
  const raw: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => { raw.push(chunk.toString()); done(); } });
  return { raw, logger: createLogger('test', 'info', stream) };
}

describe('log redaction', () => {
  it('keeps a database error to its SQLSTATE, constraint and location, never its query, parameters or detail', () => {
    const out = serializeError(failedInsert()) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'QueryFailedError', sqlState: '23514', constraint: 'users_email_check', table: 'users', routine: 'ExecConstraints' });
    expect(Object.keys(out)).not.toEqual(expect.arrayContaining(['query']));
    for (const leak of [EMAIL, SEALED, 'INSERT', 'Failing row']) expect(JSON.stringify(out)).not.toContain(leak);
    expect(String(out.stack)).toMatch(/^\s+at /);
  });

  it('treats the bare node-postgres error the same way', () => {
    const out = serializeError(failedInsert().driverError);
    expect(out).toMatchObject({ sqlState: '23514', constraint: 'users_email_check' });
    expect(JSON.stringify(out)).not.toContain(EMAIL);
  });

  it('serializes other errors as pino does, message and stack included', () => {
    expect(serializeError(new TypeError('boom'))).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('boom') });
    expect(serializeError('plain text')).toBe('plain text');
  });

  it('describes an error in one line without quoting values', () => {
    expect(describeError(failedInsert())).toBe('QueryFailedError 23514 constraint users_email_check');
    expect(describeError(new Error('socket hang up'))).toBe('socket hang up');
    expect(describeError(undefined)).toBe('undefined');
  });

  it('applies through every logger, keeping the SQLSTATE that `*.code` redaction would hide', async () => {
    const { raw, logger } = capture();
    logger.error({ err: failedInsert() }, 'handler failed');
    logger.warn({ error: failedInsert(), body: { email: EMAIL }, req: { body: { email: EMAIL } } }, 'other shapes');
    logger.info({ query: `SELECT '${EMAIL}'`, parameters: [EMAIL], nested: { parameters: [SEALED], sql: 'x' } }, 'loose fields');
    logger.flush();
    await new Promise((r) => setImmediate(r));
    const text = raw.join('');
    for (const leak of [EMAIL, SEALED]) expect(text).not.toContain(leak);
    const first = JSON.parse(raw[0]) as { err: Record<string, unknown> };
    expect(first.err).toMatchObject({ sqlState: '23514', constraint: 'users_email_check' });
  });
});
