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
 */
@Injectable()
export class TenantDirectory {
  private readonly entries = new Map<string, { value: PublicTenant | null; until: number }>();

  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** The tenant of a public URL, or 404 `not_found`. */
  async bySlug(slug: string): Promise<PublicTenant> {
    const t = await this.findBySlug(slug);
    if (!t) throw new SesameError('not_found', 'No such tenant');
    return t;
  }

  async findBySlug(slug: string): Promise<PublicTenant | null> {
    if (!SLUG.test(slug)) return null;
    return this.cached(`s:${slug}`, { slug });
  }

  async byId(id: string): Promise<PublicTenant> {
    const t = await this.cached(`i:${id}`, { id });
    if (!t) throw new SesameError('not_found', 'No such tenant');
    return t;
  }

  private async cached(key: string, req: { slug?: string; id?: string }): Promise<PublicTenant | null> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    let value: PublicTenant | null;
    try {
      value = await this.rpc.call<PublicTenant>(RPC.tenantsPublic, req);
    } catch (err) {
      if (!(err instanceof SesameError) || err.code !== 'not_found') throw err;
      value = null;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, until: now + TTL_MS });
    return value;
  }
}
