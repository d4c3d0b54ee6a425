import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { SesameError } from '@sesame/domain';

const FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The optional `Idempotency-Key` header, validated (documented with @ApiHeader on the route). */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !FORMAT.test(value)) {
    throw new SesameError('validation_failed', 'Idempotency-Key must be 1-255 printable ASCII characters');
  }
  return value;
});
