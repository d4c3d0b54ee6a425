import { MessagePattern } from '@nestjs/microservices';
import type { RpcPattern, RpcRequest, RpcResponse } from './rpc-map';

type RpcHandlerMethod<P extends RpcPattern> = (req: RpcRequest<P>) => Promise<RpcResponse<P>> | RpcResponse<P>;

/**
 * Marks a token-service method as the handler of `pattern`: Nest's `@MessagePattern`, with the
 * method's payload and result checked against the RPC map, so a handler that drifts from what the
 * gateway sends or expects fails to compile. Counting, timing and logging are the transport's.
 */
export function RpcHandler<P extends RpcPattern>(pattern: P) {
  return <M extends RpcHandlerMethod<P>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    MessagePattern(pattern)(target, key, descriptor);
  };
}
