import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as text. undefined: no answer at all (hang). */
  body?: unknown;
  hang?: boolean;
}

export interface LocalServer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1 for tests of the HTTP behaviour (retries, faults,
 * auth). Every request is recorded in `hits`; `handler` answers it.
 */
export async function startLocalServer(handler: (hit: Hit, index: number) => Reply | Promise<Reply>): Promise<LocalServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const hit: Hit = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      const reply = await handler(hit, hits.length - 1);
      if (reply.hang) return;
      const isJson = typeof reply.body === 'object' && reply.body !== null;
      res.writeHead(reply.status, { ...(isJson ? { 'content-type': 'application/json' } : {}), ...reply.headers });
      res.end(reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : String(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
