import { Counter, Histogram, type Registry } from 'prom-client';
import { Type } from 'typebox';
import type { ApiApp } from './api-app.js';

const LABELS = ['method', 'route', 'status_code'] as const;

/**
 * Metrics live in a registry the caller owns (so controllers can add theirs). The HTTP
 * metrics are labelled by route pattern, never by raw URL, so ids do not explode cardinality.
 * Getting an existing metric rather than creating it lets several apps share one registry.
 */
function httpMetrics(registry: Registry) {
  const requests =
    (registry.getSingleMetric('drover_http_requests_total') as Counter<(typeof LABELS)[number]> | undefined) ??
    new Counter({
      name: 'drover_http_requests_total',
      help: 'HTTP requests served, by method, route pattern and status code',
      labelNames: LABELS,
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric('drover_http_request_duration_seconds') as
      | Histogram<(typeof LABELS)[number]>
      | undefined) ??
    new Histogram({
      name: 'drover_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route pattern and status code',
      labelNames: LABELS,
      registers: [registry],
    });
  return { requests, duration };
}

/** Counts every response, 404s included; call on the root instance, not inside a plugin. */
export function installHttpMetrics(app: ApiApp, registry: Registry): void {
  const { requests, duration } = httpMetrics(registry);
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label: they are arbitrary user input.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}

export async function metricsRoutes(app: ApiApp, opts: { registry: Registry }): Promise<void> {
  const { registry } = opts;

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: Type.String() } },
          },
        },
      },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}
