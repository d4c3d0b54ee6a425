import type { ExecutionContext } from '@nestjs/common';
import { SesameError } from '@sesame/domain';
import { InputSafetyGuard } from './input-safety.guard';

const contextOf = (req: { params?: unknown; query?: unknown; body?: unknown }, type = 'http') =>
  ({ getType: () => type, switchToHttp: () => ({ getRequest: () => req }) }) as unknown as ExecutionContext;

function refusal(req: { params?: unknown; query?: unknown; body?: unknown }): SesameError | undefined {
  try {
    new InputSafetyGuard().canActivate(contextOf(req));
    return undefined;
  } catch (err) {
    return err as SesameError;
  }
}

describe('InputSafetyGuard', () => {
  it('lets ordinary requests through, emoji included', () => {
    expect(refusal({ params: { id: 'abc' }, query: { limit: '10' }, body: { email: 'a@b.c', context_data: { hi: '👋' } } })).toBeUndefined();
  });

  it.each([
    ['path parameters', { params: { token: 'a\u0000' } }, 'token'],
    ['the query string', { query: { email: 'x\uD800' } }, 'email'],
    ['a JSON body', { body: { attributes: { tags: ['ok', '\uDC00'] } } }, 'attributes.tags.1'],
    ['a form body', { body: { email: 'a\u0000@b.c' } }, 'email'],
  ])('refuses an unstorable character in %s, naming the field', (_where, req, field) => {
    const err = refusal(req);
    expect(err).toBeInstanceOf(SesameError);
    expect([err?.code, err?.details]).toEqual(['validation_failed', { fields: [{ field, message: expect.any(String) }] }]);
  });

  it('refuses deep nesting as malformed_json before anything recursive sees it', () => {
    const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000)) as unknown;
    expect(refusal({ body: { x: deep } })?.code).toBe('malformed_json');
  });

  it('leaves a raw signed body (a Buffer) and non-HTTP contexts alone', () => {
    expect(refusal({ body: Buffer.from('{"a":"\\u0000"}') })).toBeUndefined();
    expect(new InputSafetyGuard().canActivate(contextOf({ body: { a: '\u0000' } }, 'rpc'))).toBe(true);
  });
});
