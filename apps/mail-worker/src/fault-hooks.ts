import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { MailWorkerConfig } from '@sesame/config';
import { CONFIG, LOGGER } from '@sesame/observability';

/**
 * TEST ONLY: fault injection for the fault suite (faults/, docs/operations.md). Installed only
 * when FAULT_BLOCK_LOOP_MS > 0: then SIGUSR2 arms it, and the next send, right after its Postgres
 * claim, blocks the whole event loop for that long (longer than the BullMQ job lock), as a
 * stop-the-world pause or a CPU-starved container would. The suite checks that the other replica's
 * re-run takes the claim over and sends, and that the blocked send, released, finds its claim gone
 * and does not call the provider. With the default 0 it does nothing.
 */
@Injectable()
export class FaultHooks implements OnModuleDestroy {
  private armed = false;
  private readonly arm = () => {
    this.armed = true;
    this.logger.warn({ blockMs: this.config.FAULT_BLOCK_LOOP_MS }, 'TEST FAULT HOOK armed: the next send blocks the event loop');
  };

  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    if (config.FAULT_BLOCK_LOOP_MS > 0) process.on('SIGUSR2', this.arm);
  }

  /** Called between a send's claim and its check that it still holds the claim (ClaimedSendRunner). */
  afterClaim(deliveryId: string): void {
    if (!this.armed) return;
    this.armed = false;
    const ms = this.config.FAULT_BLOCK_LOOP_MS;
    this.logger.warn({ deliveryId, blockMs: ms }, 'TEST FAULT HOOK: blocking the event loop');
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // busy-wait on purpose: nothing else in this process runs, BullMQ lock renewal included
    }
    this.logger.warn({ deliveryId }, 'TEST FAULT HOOK: event loop released');
  }

  onModuleDestroy(): void {
    process.off('SIGUSR2', this.arm);
  }
}
