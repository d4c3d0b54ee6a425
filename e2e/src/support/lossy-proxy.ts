import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The upstream's answer, whether or not the client got it. */
  status: number;
  answer: string;
  dropped: boolean;
}

/**
 * A loopback HTTP proxy to `upstream` that, for the requests `drop` picks, lets the upstream
 * process them and then closes the client's connection without the answer: the lost-response
 * case a client can only survive by retrying with an Idempotency-Key.
 */
export async function startLossyProxy(upstream: string, drop: (req: { method: string; path: string }, index: number) => boolean): Promise<{ url: string; requests: ProxiedRequest[]; close: () => Promise<void> }> {
  const requests: ProxiedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection' && k !== 'content-length').map(([k, v]) => [k, String(v)]));
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      void fetch(upstream + path, { method, headers, body, redirect: 'manual' }).then(async (up) => {
        const answer = await up.text();
        const dropped = drop({ method, path }, requests.length);
        requests.push({ method, path, headers, status: up.status, answer, dropped });
        if (dropped) return void req.socket.destroy();
        res.writeHead(up.status, Object.fromEntries([...up.headers].filter(([k]) => k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding'))).end(answer);
      }, () => req.socket.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
