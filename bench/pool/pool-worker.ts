import { parentPort } from 'node:worker_threads';
import { runPoolJob, type PoolJob } from './pool-job.js';

/** A worker thread that replays the jobs it is sent, one at a time. */
parentPort!.on('message', (job: PoolJob) => {
  runPoolJob(job).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
