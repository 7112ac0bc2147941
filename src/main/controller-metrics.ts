import { Counter, Histogram, type Registry } from 'prom-client';
import type { RunnerOptions } from '../controllers/runtime/controller-runner.js';

/** Prometheus metrics for every reconcile: count by outcome and duration. */
export function controllerMetrics(registry: Registry): NonNullable<RunnerOptions['observe']> {
  const total = new Counter({
    name: 'drover_reconcile_total',
    help: 'Reconciles by controller and outcome',
    labelNames: ['controller', 'outcome'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'drover_reconcile_seconds',
    help: 'Reconcile duration by controller',
    labelNames: ['controller'],
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10],
    registers: [registry],
  });
  return ({ controller, outcome, ms }) => {
    total.inc({ controller, outcome });
    seconds.observe({ controller }, ms / 1000);
  };
}
