import { Catch } from '@nestjs/common';
import type { SesameError } from '@sesame/domain';
import { ErrorFilter } from '../../http/error.filter';
import { toEntrustErrorInfo } from './entrust-mapping';

/** Errors of the Entrust-compatible routes leave as Entrust's ErrorInfo, with the same statuses. */
@Catch()
export class EntrustErrorFilter extends ErrorFilter {
  protected override body(err: SesameError): unknown {
    return toEntrustErrorInfo(err);
  }
}
