import 'reflect-metadata';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { CreateLinkRequest, CreateLinkResponse, GetLinkRequest, ListLinksResponse } from './rpc-contracts';
import { RPC } from './rpc-contracts';
import { RpcHandler } from './rpc-handler';
import type { LinkDetailView } from './link-delivery-contracts';
import type { RpcPattern, RpcRequest, RpcResponse } from './rpc-map';

class LinksHandlers {
  @RpcHandler(RPC.linksGet)
  get(req: GetLinkRequest): Promise<LinkDetailView> {
    return Promise.reject(new Error(`not called: ${req.id}`));
  }
}

describe('RpcHandler', () => {
  it('registers the method as the handler of its pattern', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, LinksHandlers.prototype.get)).toEqual([RPC.linksGet]);
  });
});

/**
 * Compile-time half of this spec (`npm run typecheck` compiles specs): each `@ts-expect-error`
 * fails the build if the line below it starts compiling, i.e. if the map stops checking it.
 */
export function typedAgainstTheMap(call: <P extends RpcPattern>(pattern: P, data: RpcRequest<P>) => Promise<RpcResponse<P>>): void {
  const ok: Promise<CreateLinkResponse> = call(RPC.linksCreate, { requestId: 'r', tenantId: 't', actor: { apiKeyId: null, ip: null, userAgent: null }, type: 'login', send: false });
  void ok;
  // @ts-expect-error: a pattern that is not in the map
  void call('links.craete', {});
  // @ts-expect-error: the payload of another pattern
  void call(RPC.linksCreate, { tenantId: 't', id: 'l' });
  // @ts-expect-error: the response is the pattern's, not the caller's choice
  const wrong: Promise<ListLinksResponse> = call(RPC.linksGet, { tenantId: 't', id: 'l' });
  void wrong;

  class Drifted {
    // @ts-expect-error: a handler whose payload is not the pattern's request
    @RpcHandler(RPC.linksGet) get(req: CreateLinkRequest): Promise<LinkDetailView> { return Promise.reject(req); }
  }
  void Drifted;
}
