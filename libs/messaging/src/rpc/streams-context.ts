import { BaseRpcContext } from '@nestjs/microservices';

type StreamsContextArgs = [pattern: string, entryId: string, requestId: string];

/** What `@Ctx()` gives a handler served by RedisStreamsServer. */
export class RedisStreamsContext extends BaseRpcContext<StreamsContextArgs> {
  getPattern(): string {
    return this.args[0];
  }

  /** Redis stream entry id. */
  getEntryId(): string {
    return this.args[1];
  }

  /** Request id chosen by the client (the caller's `requestId` for writes). */
  getRequestId(): string {
    return this.args[2];
  }
}
