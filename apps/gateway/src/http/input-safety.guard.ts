import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { findUnsafeInput, inputProblemError } from '@sesame/domain';

/**
 * The one check every parsed request value passes (libs/domain input-safety): path parameters,
 * query string and body, JSON or form, on every route. A guard, not a pipe or the parser, because
 * it runs before class-transformer and the validation pipe (which recurse and would overflow on a
 * deep body) yet inside the route's scope, so vendor-compatible routes answer in their own error
 * shape through their filters. A raw (signed) body stays a Buffer and is not walked.
 */
@Injectable()
export class InputSafetyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const problem = findUnsafeInput(req.params) ?? findUnsafeInput(req.query) ?? findUnsafeInput(req.body);
    if (problem) throw inputProblemError(problem);
    return true;
  }
}
