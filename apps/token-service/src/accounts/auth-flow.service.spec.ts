import { Sealer } from '@sesame/crypto';
import { defaultPolicy, SesameError } from '@sesame/domain';
import type { Actor } from '@sesame/messaging';
import { AuthFlowService } from './auth-flow.service';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const APP = { id: '33333333-3333-4333-8333-333333333333', auth_flow: 'password_then_magic_link', enabled: true, redirect_url: null };
const OTHER_APP = { ...APP, id: '44444444-4444-4444-8444-444444444444' };
const USER = { id: '55555555-5555-4555-8555-555555555555', email: 'ann@example.com', status: 'active', password_hash: 'h' };
const actor: Actor = { apiKeyId: null, ip: '198.51.100.1', userAgent: 'test' };

/** The first-factor ticket of the hosted two-step sign-in, with token-service's collaborators faked. */
describe('AuthFlowService first-factor ticket', () => {
  const sealer = new Sealer([`k1:${'s'.repeat(32)}`]);
  let created: unknown[];
  let service: AuthFlowService;

  beforeEach(() => {
    created = [];
    const db = { query: jest.fn().mockResolvedValue([]), transaction: (fn: (m: unknown) => unknown) => fn({ query: jest.fn().mockResolvedValue([]) }) };
    const apps = { findByRef: jest.fn(async (_t: string, ref: string) => [APP, OTHER_APP].find((a) => a.id === ref) ?? null) };
    const flows = {
      findById: jest.fn().mockResolvedValue(null),
      insert: jest.fn(async (_m: unknown, f: { id: string; userId: string }) => ({ id: f.id, user_id: f.userId, status: 'pending' })),
    };
    const passwords = { check: jest.fn(async (_t: string, email: string, password: string) => (email === USER.email && password === 'right' ? USER : null)) };
    const links = { createInTransaction: jest.fn(async (_m: unknown, req: { userId: string }) => { created.push(req); return { id: 'link', user_id: req.userId }; }) };
    const tenants = { get: jest.fn(async () => ({ policy: defaultPolicy({ tenantName: 'T', appOrigin: 'https://app.example.com' }) })) };
    service = new AuthFlowService(db as never, tenants as never, sealer, apps as never, flows as never, {} as never, passwords as never, links as never);
  });

  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SesameError);
    return (err as SesameError).code;
  };
  const start = (ticket: string, over: Partial<{ tenantId: string; application: string }> = {}) =>
    service.start({ requestId: '66666666-6666-4666-8666-666666666666', tenantId: TENANT, actor, application: APP.id, firstFactorTicket: ticket, ...over });

  it('a wrong password gets no ticket', async () => {
    expect(await refusal(service.firstFactor({ tenantId: TENANT, actor, application: APP.id, email: USER.email, password: 'wrong' }))).toBe('invalid_credentials');
  });

  it('the ticket of the right password starts the flow for that user, without the password', async () => {
    const { ticket } = await service.firstFactor({ tenantId: TENANT, actor, application: APP.id, email: USER.email, password: 'right' });
    const flow = await start(ticket);
    expect(flow).toMatchObject({ user_id: USER.id });
    expect(created).toEqual([expect.objectContaining({ userId: USER.id, type: 'login' })]);
  });

  it('is refused for another application or tenant, tampered with, or expired; nothing is sent', async () => {
    const { ticket } = await service.firstFactor({ tenantId: TENANT, actor, application: APP.id, email: USER.email, password: 'right' });
    expect(await refusal(start(ticket, { application: OTHER_APP.id }))).toBe('invalid_credentials');
    expect(await refusal(start(ticket, { tenantId: OTHER_TENANT }))).toBe('invalid_credentials');
    const raw = Buffer.from(ticket, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(await refusal(start(raw.toString('base64url')))).toBe('invalid_credentials');
    const forged = sealer.seal(JSON.stringify({ t: TENANT, a: APP.id, u: USER.id, x: Date.now() - 1 })).toString('base64url');
    expect(await refusal(start(forged))).toBe('invalid_credentials');
    expect(created).toEqual([]);
  });
});
