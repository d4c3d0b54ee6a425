import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Registry } from 'prom-client';
import type { ErrorCode, LinkType } from '@sesame/domain';
import { counter, METRICS } from '@sesame/observability';

/** A verification that matched no link at all has no type: a guessed or mangled token. */
export const NO_LINK = 'unknown';

/** The life of links, per link type: counted where the statement that made the change returned. */
@Injectable()
export class LinkMetrics {
  private readonly created: Counter<string>;
  private readonly consumed: Counter<string>;
  private readonly failed: Counter<string>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.created = counter(registry, 'sesame_links_created_total', 'Links created, by link type', ['type']);
    this.consumed = counter(registry, 'sesame_links_consumed_total', 'Links used (consumed), by link type', ['type']);
    this.failed = counter(registry, 'sesame_link_verifications_failed_total',
      'Link verifications refused, by link type (unknown: no such link) and reason (expired, used, revoked, binding_mismatch, …)', ['type', 'reason']);
  }

  linkCreated(type: LinkType): void {
    this.created.inc({ type });
  }

  linkConsumed(type: LinkType): void {
    this.consumed.inc({ type });
  }

  verificationFailed(type: LinkType | typeof NO_LINK, reason: ErrorCode): void {
    this.failed.inc({ type, reason });
  }
}
