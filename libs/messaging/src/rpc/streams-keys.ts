/** Consumer group of the token-service replicas: each request goes to exactly one of them. */
export const RPC_CONSUMER_GROUP = 'token-service';

export interface StreamsKeys {
  /** Stream the clients XADD requests to. */
  requests: string;
  group: string;
  /** Heartbeats of the group's live consumers (see ConsumerHeartbeat). */
  consumers: string;
  /** List a client pops its replies from (BLMPOP). */
  replies(clientId: string): string;
}

export function streamsKeys(prefix: string): StreamsKeys {
  return {
    requests: `${prefix}:rpc:requests`,
    group: RPC_CONSUMER_GROUP,
    consumers: `${prefix}:rpc:consumers`,
    replies: (clientId) => `${prefix}:rpc:replies:${clientId}`,
  };
}
