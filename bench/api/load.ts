import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { percentiles, type Percentiles } from '../lib/stats.js';
import { BENCH_PROFILE } from './bench-config.js';

export type Operation = 'POST /v1/leases' | 'GET /v1/leases' | 'DELETE /v1/leases/{id}';
export const OPERATIONS: Operation[] = ['POST /v1/leases', 'GET /v1/leases', 'DELETE /v1/leases/{id}'];

export interface OperationFigures {
  operation: Operation;
  count: number;
  perSecond: number;
  /** Latency in ms. */
  latencyMs: Percentiles | null;
  /** HTTP status -> count. */
  statuses: Record<string, number>;
}

export interface LoadFigures {
  seconds: number;
  clients: number;
  /** Every request of every operation. */
  requests: number;
  requestsPerSecond: number;
  operations: OperationFigures[];
  /** POSTs answered 201 (a VM from the pool at once) among those answered 201 or 202. */
  poolHitRate: number | null;
  errors: string[];
}

/**
 * N clients, each a user with its own token, each looping for `seconds`: request a
 * lease (POST, a new Idempotency-Key each time), list its leases (GET), release the
 * lease (DELETE). One keep-alive connection per client. Latency is measured from
 * sending a request to having read its whole body.
 */
export async function runLoad(url: string, tokens: readonly string[], seconds: number): Promise<LoadFigures> {
  const agent = new Agent({ connections: tokens.length, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies = new Map<Operation, number[]>(OPERATIONS.map((o) => [o, []]));
  const statuses = new Map<Operation, Record<string, number>>(OPERATIONS.map((o) => [o, {}]));
  const errors: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const call = async (op: Operation, token: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const t0 = performance.now();
    const res = await request(`${url}${path}`, {
      method,
      dispatcher: agent,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.body.text();
    latencies.get(op)!.push(performance.now() - t0);
    const s = statuses.get(op)!;
    s[res.statusCode] = (s[res.statusCode] ?? 0) + 1;
    if (res.statusCode >= 400 && errors.length < 20) errors.push(`${op}: ${res.statusCode} ${text.slice(0, 200)}`);
    return { status: res.statusCode, json: text ? JSON.parse(text) : null };
  };

  const client = async (token: string): Promise<void> => {
    while (performance.now() < deadline) {
      const posted = await call('POST /v1/leases', token, 'POST', '/v1/leases', { profile: BENCH_PROFILE, duration: '1h', purpose: 'API benchmark' });
      const id = (posted.json as { leases?: { id: string }[] } | null)?.leases?.[0]?.id;
      await call('GET /v1/leases', token, 'GET', '/v1/leases');
      if (id) await call('DELETE /v1/leases/{id}', token, 'DELETE', `/v1/leases/${id}`);
    }
  };
  try {
    await Promise.all(tokens.map((t) => client(t).catch((e: unknown) => void errors.push(String(e)))));
  } finally {
    await agent.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  const operations = OPERATIONS.map((operation) => {
    const l = latencies.get(operation)!;
    return { operation, count: l.length, perSecond: l.length / elapsed, latencyMs: percentiles(l), statuses: statuses.get(operation)! };
  });
  const post = statuses.get('POST /v1/leases')!;
  const answered = (post['201'] ?? 0) + (post['202'] ?? 0);
  const requests = operations.reduce((sum, o) => sum + o.count, 0);
  return {
    seconds: elapsed,
    clients: tokens.length,
    requests,
    requestsPerSecond: requests / elapsed,
    operations,
    poolHitRate: answered > 0 ? (post['201'] ?? 0) / answered : null,
    errors,
  };
}
