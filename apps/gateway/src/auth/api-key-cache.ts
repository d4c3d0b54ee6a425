import { Inject, Injectable } from '@nestjs/common';
import { GatewayConfig } from '@sesame/config';
import { hashApiKey } from '@sesame/crypto';
import { RPC, ResolvedApiKey } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';
import { RpcClient } from '../http/rpc.client';

const MAX_ENTRIES = 10_000;

/**
 * API keys resolved through token-service and trusted for API_KEY_CACHE_MS, so a hot path costs
 * no extra RPC per request. Unknown keys are cached too (briefly) to blunt key-guessing floods.
 * Revocations, rotations and tenant changes drop entries at once (CacheInvalidation); a key's
 * expiry is checked on every hit, so the end of a rotation's overlap needs no message.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, { value: ResolvedApiKey | null; until: number }>();
  private readonly ttlMs: number;

  constructor(@Inject(CONFIG) config: GatewayConfig, @Inject(RpcClient) private readonly rpc: RpcClient) {
    this.ttlMs = config.API_KEY_CACHE_MS;
  }

  async resolve(key: string): Promise<ResolvedApiKey | null> {
    const keyHash = hashApiKey(key);
    const now = Date.now();
    const hit = this.entries.get(keyHash);
    if (hit && hit.until > now) return hit.value;
    const value = await this.rpc.call(RPC.apiKeysResolve, { keyHash });
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(keyHash, { value, until: now + (value ? this.ttlMs : Math.min(this.ttlMs, 1000)) });
    return value;
  }

  /**
   * The tenant of a key already resolved and still trusted, or null — never a lookup: admission
   * control asks before the request is let in, when it must cost nothing.
   */
  peekTenantId(key: string): string | null {
    const hit = this.entries.get(hashApiKey(key));
    return hit && hit.until > Date.now() ? (hit.value?.tenantId ?? null) : null;
  }

  forgetKeys(ids: string[]): void {
    this.forgetWhere((v) => ids.includes(v.id));
  }

  forgetTenant(tenantId: string): void {
    this.forgetWhere((v) => v.tenantId === tenantId);
  }

  clear(): void {
    this.entries.clear();
  }

  /** A scan of at most MAX_ENTRIES: invalidations are rare, lookups are not, so the map stays keyed by hash. */
  private forgetWhere(match: (v: ResolvedApiKey) => boolean): void {
    for (const [hash, e] of this.entries) if (e.value && match(e.value)) this.entries.delete(hash);
  }
}
