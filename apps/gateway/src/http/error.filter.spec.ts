import { ArgumentsHost, HttpException, MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import type { Logger } from 'pino';
import { SesameError } from '@sesame/domain';
import { ErrorFilter } from './error.filter';

const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';

function answer(exception: unknown): { status: number; body: unknown; logged: unknown[] } {
  const logged: unknown[] = [];
  const reply = { statusCode: 0, payload: undefined as unknown };
  const fake = {
    status: (s: number) => ((reply.statusCode = s), fake),
    header: () => fake,
    send: (b: unknown) => ((reply.payload = b), fake),
  };
  const host = { switchToHttp: () => ({ getResponse: () => fake }) } as unknown as ArgumentsHost;
  new ErrorFilter({ error: (o: unknown) => logged.push(o) } as unknown as Logger).catch(exception, host);
  return { status: reply.statusCode, body: reply.payload, logged };
}

describe('ErrorFilter', () => {
  it.each([
    ['the router 404', new NotFoundException(`Cannot GET /l/${TOKEN}/x`), 404, 'not_found'],
    ['a 405', new MethodNotAllowedException(`Cannot PATCH /l/${TOKEN}`), 405, 'method_not_allowed'],
  ])('answers %s with a fixed message, never the path', (_what, exception, status, code) => {
    const res = answer(exception);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(res.logged).toEqual([]);
  });

  it('keeps a SesameError as it is and logs nothing for a 4xx', () => {
    const res = answer(new SesameError('validation_failed', 'email must be an email', { fields: [{ field: 'email', message: 'x' }] }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', message: 'email must be an email' } }, logged: [] });
  });

  it('answers anything unexpected as 500 internal_error and logs it once', () => {
    const res = answer(new RangeError('Maximum call stack size exceeded'));
    expect(res).toMatchObject({ status: 500, body: { error: { code: 'internal_error', message: 'Internal error' } } });
    expect(res.logged).toHaveLength(1);
    expect(answer(new HttpException('upstream', 502)).body).toEqual({ error: { code: 'internal_error', message: 'Internal error' } });
  });
});
