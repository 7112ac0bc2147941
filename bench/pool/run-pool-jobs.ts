import { Worker } from 'node:worker_threads';
import { runPoolJob, type PoolJob, type PoolJobResult } from './pool-job.js';

/** How a job is named in progress lines and errors. */
export type JobName = (job: PoolJob) => string;

const byPolicy: JobName = (job) => `${job.trace.name} / ${job.pool.policy}`;

/**
 * Runs the jobs `size` at a time in worker threads (1: one after the other in this
 * thread); results come back in job order. A progress line per finished job goes to
 * `log`.
 */
export async function runPoolJobs(jobs: readonly PoolJob[], size: number, log: (line: string) => void = () => {}, name: JobName = byPolicy): Promise<PoolJobResult[]> {
  return size <= 1 ? inThread(jobs, log, name) : inWorkers(jobs, size, log, name);
}

function progress(name: string, r: PoolJobResult): string {
  const f = r.figures;
  return `${name}: hit rate ${(100 * f.hitRate).toFixed(2)}%, ${f.idleVmHours.toFixed(1)} idle VM-h, ${f.wallS.toFixed(1)} s`;
}

async function inThread(jobs: readonly PoolJob[], log: (line: string) => void, name: JobName): Promise<PoolJobResult[]> {
  const out: PoolJobResult[] = [];
  for (const job of jobs) {
    const r = await runPoolJob(job);
    log(progress(name(job), r));
    out.push(r);
  }
  return out;
}

async function inWorkers(jobs: readonly PoolJob[], size: number, log: (line: string) => void, name: JobName): Promise<PoolJobResult[]> {
  const results: PoolJobResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    // Worker threads do not inherit the parent's module hooks: tsx is imported anew.
    const w = new Worker(new URL('./pool-worker-boot.mjs', import.meta.url));
    try {
      while (next < jobs.length) {
        const i = next++;
        const job = jobs[i]!;
        const reply = await new Promise<{ ok: true; result: PoolJobResult } | { ok: false; error: string }>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
          w.postMessage(job);
        });
        w.removeAllListeners('error');
        if (!reply.ok) throw new Error(`${name(job)}: ${reply.error}`);
        results[i] = reply.result;
        log(progress(name(job), reply.result));
      }
    } finally {
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, worker));
  return results;
}
