import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';
import { createLogger } from '@sesame/observability';
import { PassThroughRpcExceptionFilter } from './rpc-exception.filter';
import { TenantService } from './tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from './testing/token-service-context';
import { UserService } from './users/user.service';

const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * Defence in depth behind the gateway's input check: whatever value Postgres refuses reaches the
 * caller as a 400, and the warning about it names the SQLSTATE without quoting the value.
 */
describe('PassThroughRpcExceptionFilter with real Postgres errors (integration)', () => {
  let ctx: TokenServiceContext;
  let ds: DataSource;
  const lines: string[] = [];
  const filter = new PassThroughRpcExceptionFilter(createLogger('test', 'info', new Writable({ write: (c: Buffer, _e, done) => { lines.push(c.toString()); done(); } })));
  const through = async (thrown: unknown): Promise<unknown> => lastValueFrom(filter.catch(thrown)).catch((e: unknown) => e);
  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> => work().then(() => { throw new Error('expected the statement to fail'); }, (e: unknown) => e);

  beforeAll(async () => {
    ctx = await startTokenServiceContext('rpcfilter');
    ds = ctx.ds;
  }, 30_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it.each([
    ['U+0000 in text (22021)', '22021', () => ds.query('SELECT $1::text', ['a\u0000b'])],
    ['\\u0000 in jsonb (22P05)', '22P05', () => ds.query('SELECT $1::jsonb', [JSON.stringify({ a: 'a\u0000b' })])],
    ['a lone surrogate in jsonb (22P02)', '22P02', () => ds.query('SELECT $1::jsonb', [JSON.stringify({ a: '\uD800' })])],
    ['a malformed uuid (22P02)', '22P02', () => ds.query('SELECT $1::uuid', ['not-a-uuid'])],
    ['a number out of range (22003)', '22003', () => ds.query('SELECT $1::int', ['99999999999'])],
    ['jsonb nested past max_stack_depth (54001)', '54001', () => ds.query('SELECT $1::jsonb', [deepJson(200_000)])],
  ])('answers %s as 400 invalid_request', async (_what, sqlState, statement) => {
    const err = await failureOf(statement);
    expect((err as { driverError?: { code?: string } }).driverError?.code).toBe(sqlState);
    const answered = await through(err);
    expect(answered).toBeInstanceOf(SesameError);
    expect([(answered as SesameError).code, (answered as SesameError).status]).toEqual(['invalid_request', 400]);
  });

  it('maps a real handler failure and logs it by SQLSTATE, without the value', async () => {
    const tenant = await ctx.app.get(TenantService).create({ requestId: randomUUID(), name: 'Filter Co', appOrigin: 'https://app.example.com', allowedRedirectUrls: [] });
    const actor = { apiKeyId: null, ip: null, userAgent: null };
    const err = await failureOf(() => ctx.app.get(UserService).create({
      requestId: randomUUID(), tenantId: tenant.id, actor, email: 'leaky\u0000value@example.com', attributes: { note: 'secret-attr-value' },
    }));
    const before = lines.length;
    expect(await through(err)).toMatchObject({ code: 'invalid_request' });
    const logged = lines.slice(before).join('');
    expect(JSON.parse(logged)).toMatchObject({ level: 'warn', sqlState: '22021', err: { sqlState: '22021' } });
    for (const leak of ['leaky', 'secret-attr-value', 'INSERT']) expect(logged).not.toContain(leak);
  });

  it('passes other errors through untouched, and a database outage as 503', async () => {
    const bug = new TypeError('a bug');
    expect(await through(bug)).toBe(bug);
    expect(await through(Object.assign(new Error('gone'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'service_unavailable' });
  });
});
