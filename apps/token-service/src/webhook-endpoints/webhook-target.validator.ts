import { Inject, Injectable } from '@nestjs/common';
import type { TokenServiceConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import { CONFIG } from '@sesame/observability';
import { Resolver, SsrfGuard, systemResolver, TargetRefusedError } from '@sesame/webhooks';

const URL_FIELD = { field: 'url' };

export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');

/**
 * Checks a webhook URL when it is registered or changed, with the same SSRF guard the dispatcher
 * applies at every attempt (the dispatcher checks again then: DNS can change after registration).
 */
@Injectable()
export class WebhookTargetValidator {
  private readonly guard: SsrfGuard;

  constructor(@Inject(CONFIG) config: TokenServiceConfig, @Inject(WEBHOOK_RESOLVER) resolver: Resolver = systemResolver) {
    this.guard = new SsrfGuard(config.WEBHOOK_ALLOWED_TARGETS, resolver);
  }

  /** The URL as it will be stored (a refusal names the field, so a form can show it there); 400 `webhook_target_refused` or `validation_failed` otherwise. */
  async validate(raw: string): Promise<string> {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new SesameError('validation_failed', 'url must be an absolute http(s) URL', URL_FIELD);
    }
    if (u.hash) throw new SesameError('validation_failed', 'url must not contain a fragment', URL_FIELD);
    try {
      await this.guard.vet(u.toString());
    } catch (err) {
      if (err instanceof TargetRefusedError) throw new SesameError('webhook_target_refused', `${err.message}; only public http(s) addresses can receive webhooks`, URL_FIELD);
      throw new SesameError('validation_failed', 'url host could not be resolved', URL_FIELD);
    }
    return u.toString();
  }
}
