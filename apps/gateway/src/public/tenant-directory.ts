import { Inject, Injectable } from '@nestjs/common';
import { SesameError } from '@sesame/domain';
import { PublicTenant, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';

const TTL_MS = 5000;
const MAX_ENTRIES = 10_000;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Tenants and their policies as the public endpoints need them (CORS origins, limits, redirects),
 * by slug or id, cached for a few seconds so a public request costs no RPC round trip of its own.
 * A disabled tenant is refused (403 `tenant_disabled`); CacheInvalidation drops its entries at once.
 */
@Injectable()
export class TenantDirectory {
  private readonly entries = new Map<string, { value: PublicTenant | null; until: number }>();

  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** The tenant of a public URL, or 404 `not_found`, or 403 `tenant_disabled`. */
  async bySlug(slug: string): Promise<PublicTenant> {
    return usable(SLUG.test(slug) ? await this.cached(`s:${slug}`, { slug }) : null);
  }

  /** The tenant of a hosted page (or CORS): null when there is none to serve, a disabled one included. */
  async findBySlug(slug: string): Promise<PublicTenant | null> {
    if (!SLUG.test(slug)) return null;
    const t = await this.cached(`s:${slug}`, { slug });
    return t && !t.disabled ? t : null;
  }

  async byId(id: string): Promise<PublicTenant> {
    return usable(await this.cached(`i:${id}`, { id }));
  }

  /** The id of a tenant already cached by slug, or null — never a lookup (admission control). */
  peekIdBySlug(slug: string): string | null {
    const hit = this.entries.get(`s:${slug}`);
    return hit && hit.until > Date.now() ? (hit.value?.id ?? null) : null;
  }

  forgetTenant(id: string): void {
    for (const [key, e] of this.entries) if (e.value?.id === id) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private async cached(key: string, req: { slug?: string; id?: string }): Promise<PublicTenant | null> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    let value: PublicTenant | null;
    try {
      value = await this.rpc.call(RPC.tenantsPublic, req);
    } catch (err) {
      if (!(err instanceof SesameError) || err.code !== 'not_found') throw err;
      value = null;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, until: now + TTL_MS });
    return value;
  }
}

function usable(t: PublicTenant | null): PublicTenant {
  if (!t) throw new SesameError('not_found', 'No such tenant');
  if (t.disabled) throw new SesameError('tenant_disabled', 'This tenant is disabled');
  return t;
}
