import { Catch } from '@nestjs/common';
import type { SesameError } from '@sesame/domain';
import { ErrorFilter } from '../../http/error.filter';
import { toPassageError } from './passage-mapping';

/** Errors of the Passage-compatible routes leave in Passage's shape `{code, error}`, same statuses. */
@Catch()
export class PassageErrorFilter extends ErrorFilter {
  protected override body(err: SesameError): unknown {
    return toPassageError(err);
  }
}
