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

/**
 * The server's MULTI acks a request and pushes its reply in one go, so on a Cluster every RPC key
 * shares one hash tag (`{sesame:rpc}:requests`, `{sesame:rpc}:replies:<id>`). On one server the
 * names stay as they were: a rename would orphan requests in flight during an upgrade.
 */
export function streamsKeys(prefix: string, cluster = false): StreamsKeys {
  const base = cluster ? `{${prefix}:rpc}` : `${prefix}:rpc`;
  return {
    requests: `${base}:requests`,
    group: RPC_CONSUMER_GROUP,
    consumers: `${base}:consumers`,
    replies: (clientId) => `${base}:replies:${clientId}`,
  };
}
