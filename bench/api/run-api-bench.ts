import { machineInfo, type MachineInfo } from '../lib/machine.js';
import type { ApiBenchOptions } from './api-bench-args.js';
import { benchEngine, type Engine, type EngineFigures } from './engine-run.js';
import { acquirePostgres, type PgServer } from './pg-server.js';
import { scaleCost, type ScaleFigures } from './scale-cost.js';

export interface ApiBenchReport {
  benchmark: 'api';
  takenAt: string;
  machine: MachineInfo;
  settings: Omit<ApiBenchOptions, 'out' | 'markdown'> & { postgres: string | null };
  engines: EngineFigures[];
  /** Engines asked for but not measured, with the reason. */
  skipped: { engine: Engine; why: string }[];
  scale: (ScaleFigures & { scanGrowth: number | null; poolGrowth: number | null })[];
  wallS: number;
}

/**
 * The API load per engine (each its own server process and database), then the cost
 * of one state-manager scan and one pool reconcile per size, in this process. Both
 * run the store as shipped (the pool benchmark's statement cache is not used here:
 * these figures are Drover's own costs).
 */
export async function runApiBench(o: ApiBenchOptions, log: (line: string) => void = () => {}): Promise<ApiBenchReport> {
  const started = performance.now();
  const wantsPg = o.engines.includes('postgres') || (o.scale.length > 0 && o.scaleEngines.includes('postgres'));
  let pg: PgServer | null = null;
  let pgSkipped: string | null = null;
  if (wantsPg) {
    const got = acquirePostgres(log);
    if ('server' in got) pg = got.server;
    else {
      pgSkipped = got.skipped;
      log(`!! ${pgSkipped}: the PostgreSQL figures are SKIPPED`);
    }
  }
  try {
    const engines: EngineFigures[] = [];
    const skipped: { engine: Engine; why: string }[] = [];
    for (const engine of o.engines) {
      if (engine === 'postgres' && !pg) {
        skipped.push({ engine, why: pgSkipped ?? 'no PostgreSQL' });
        continue;
      }
      engines.push(await benchEngine(engine, { seconds: o.seconds, clients: o.clients, m: o.m, n: o.n, ...(pg ? { pgUrl: pg.url } : {}) }, log));
    }
    const scale: ApiBenchReport['scale'] = [];
    for (const engine of o.scaleEngines) {
      if (o.scale.length === 0) break;
      if (engine === 'postgres' && !pg) {
        skipped.push({ engine, why: `reconcile costs: ${pgSkipped ?? 'no PostgreSQL'}` });
        continue;
      }
      let previous: ScaleFigures | null = null;
      for (const size of [...o.scale].sort((a, b) => a - b)) {
        log(`reconcile costs: ${engine}, ${size} instances`);
        const f = await scaleCost(engine, size, pg?.url);
        const per10x = (now: number, before: number, sizes: [number, number]): number => (now / before) ** (1 / Math.log10(sizes[0] / sizes[1]));
        scale.push({
          ...f,
          scanGrowth: previous ? per10x(f.stateManager.scanMs, previous.stateManager.scanMs, [size, previous.instances]) : null,
          poolGrowth: previous ? per10x(f.poolReconcile.ms, previous.poolReconcile.ms, [size, previous.instances]) : null,
        });
        previous = f;
      }
    }
    return {
      benchmark: 'api',
      takenAt: new Date().toISOString(),
      machine: machineInfo(),
      settings: { seconds: o.seconds, clients: o.clients, engines: o.engines, m: o.m, n: o.n, scale: o.scale, scaleEngines: o.scaleEngines, postgres: pg?.source ?? null },
      engines,
      skipped,
      scale,
      wallS: (performance.now() - started) / 1000,
    };
  } finally {
    pg?.release();
  }
}
