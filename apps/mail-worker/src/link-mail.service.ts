import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { deriveFallbackCode, Sealer } from '@sesame/crypto';
import { isLinkType, linkStatus } from '@sesame/domain';
import { CONFIG } from '@sesame/observability';
import { isDatabaseUnavailable } from '@sesame/persistence';
import type { ClaimedDelivery } from './claimed-delivery';
import { DeliveryRepository } from './delivery.repository';
import { FaultHooks } from './fault-hooks';
import { MessageComposer, OpenedSecrets } from './message-composer';
import { PermanentSendError, RetryLaterError } from './send-errors';
import type { SendResult } from './transports/mail-transport';
import { asTransportError, TransportError } from './transports/transport-error';
import { TransportRegistry } from './transports/transport-registry';

export type SendOutcome = 'sent' | 'skipped' | 'already-done';

export interface SendRequest {
  deliveryId: string;
  tenantId: string;
  /** The queue will not retry after this attempt: a retryable failure becomes final. */
  finalAttempt: boolean;
}

/** A rate-limited delivery is deferred at most this many times before waits count as attempts. */
const MAX_DEFERRED_CLAIMS = 25;

/**
 * Sends one link email: claim the delivery in Postgres, check the link is still usable, open the
 * sealed token, render, send, record. The claim comes first so that two runs of the same job
 * (a stalled job re-run while the first is still working) never both call the provider.
 */
@Injectable()
export class LinkMailService {
  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(TransportRegistry) private readonly transports: TransportRegistry,
    @Inject(MessageComposer) private readonly composer: MessageComposer,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(FaultHooks) private readonly faults: FaultHooks,
  ) {}

  async send(req: SendRequest): Promise<SendOutcome> {
    const d = await this.deliveries.claim(req.deliveryId, req.tenantId, this.config.SEND_CLAIM_TIMEOUT_MS);
    if (!d) return this.unclaimed(req);

    const status = d.userStatus === 'active' ? linkStatus(d, d.now) : 'user_disabled';
    if (status !== 'active') {
      await this.deliveries.markSkipped(d, status);
      return 'skipped';
    }

    const secrets = await this.openSecrets(d);
    this.faults.afterClaim(d.id);
    let result: SendResult;
    try {
      result = d.channel === 'sms'
        ? await this.transports.sms(d.tenantId, d.provider).send(this.composer.sms(d, secrets))
        : await this.transports.email(d.tenantId, d.provider).send(this.composer.email(d, secrets));
    } catch (err) {
      return this.failed(d, asTransportError(err), req.finalAttempt);
    }
    await this.recordSent(d, result);
    return 'sent';
  }

  /**
   * The provider has accepted the mail: record it, retrying while the database is unreachable
   * (a restart, a failover) for half the claim's lifetime. Giving up at once would let the job
   * re-run once the claim expires and send the mail a second time.
   */
  private async recordSent(d: ClaimedDelivery, result: SendResult): Promise<void> {
    const deadline = Date.now() + this.config.SEND_CLAIM_TIMEOUT_MS / 2;
    for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 2000)) {
      try {
        await this.deliveries.markSent(d, result.provider, result.messageId);
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || Date.now() + waitMs > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  /** Nothing claimed: finished already (or purged with its link), or another worker holds it. */
  private async unclaimed(req: SendRequest): Promise<SendOutcome> {
    const state = await this.deliveries.state(req.deliveryId, req.tenantId, this.config.SEND_CLAIM_TIMEOUT_MS);
    if (!state || state.status === 'sent' || state.status === 'failed' || state.status === 'skipped') return 'already-done';
    // 'sending' with a live claim: wait for it to finish or go stale, then look again.
    throw new RetryLaterError(`delivery is ${state.status} by another worker`, Math.max(1000, state.claimRemainingMs + 1000));
  }

  private async openSecrets(d: ClaimedDelivery): Promise<OpenedSecrets> {
    try {
      if (!d.sealedToken) throw new Error('no sealed token');
      if (!isLinkType(d.type)) throw new Error(`unknown link type "${d.type}"`);
      const token = this.sealer.open(d.sealedToken);
      // A link asked for on a sign-in page carries a 6-digit code derived from its token.
      return { token, code: d.hasCode ? deriveFallbackCode(token) : null };
    } catch (err) {
      // e.g. the pepper that sealed it was removed from TOKEN_PEPPER: retrying cannot help.
      const error = `cannot open sealed token: ${(err as Error).message}`;
      await this.deliveries.markFailed(d, error);
      throw new PermanentSendError(error);
    }
  }

  private async failed(d: ClaimedDelivery, err: TransportError, finalAttempt: boolean): Promise<never> {
    if (err.permanent) {
      await this.deliveries.markFailed(d, err.message);
      throw new PermanentSendError(err.message);
    }
    if (err.retryAfterMs !== undefined && d.attempts < MAX_DEFERRED_CLAIMS) {
      await this.deliveries.release(d, err.message);
      throw new RetryLaterError(err.message, err.retryAfterMs);
    }
    if (finalAttempt) {
      await this.deliveries.markFailed(d, `gave up after ${d.attempts} attempts: ${err.message}`);
      throw new PermanentSendError(err.message);
    }
    await this.deliveries.release(d, err.message);
    throw new RetryLaterError(err.message);
  }
}
