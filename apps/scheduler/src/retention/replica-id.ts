import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this scheduler replica in retention_runs: host, pid and a random tag (two in one process differ). */
export const REPLICA_ID = Symbol('REPLICA_ID');

export function newReplicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`.slice(0, 128);
}
