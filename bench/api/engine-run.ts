import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeBenchConfig } from './bench-config.js';
import { runLoad, type LoadFigures } from './load.js';
import { prefill, readyCount } from './prefill.js';
import { createDatabase } from './pg-database.js';

export type Engine = 'sqlite' | 'postgres';

export interface EngineFigures {
  engine: Engine;
  pool: { m: number; n: number };
  /** Seconds from server start until n VMs were ready (booted by its instance controller). */
  fillSeconds: number;
  readyBefore: number;
  readyAfter: number;
  load: LoadFigures;
}

const CHILD = fileURLToPath(new URL('./api-server-child.ts', import.meta.url));

/**
 * One engine: a fresh database (a SQLite file in a temp dir, or a new PostgreSQL
 * database on the server at `pgUrl`), the pool pre-filled, Drover started in a child
 * process, the load run from this process, then everything stopped and removed.
 */
export async function benchEngine(
  engine: Engine,
  o: { seconds: number; clients: number; m: number; n: number; pgUrl?: string; fillTimeoutS?: number },
  log: (line: string) => void = () => {},
): Promise<EngineFigures> {
  const dir = mkdtempSync(join(tmpdir(), `drover-api-bench-${engine}-`));
  let dropPg: (() => Promise<void>) | null = null;
  let child: ChildProcess | null = null;
  const logFile = join(dir, 'server.log');
  try {
    let databaseUrl = `sqlite:${join(dir, 'drover.db')}`;
    if (engine === 'postgres') {
      if (!o.pgUrl) throw new Error('postgres: no server URL');
      const db = await createDatabase(o.pgUrl, 'drover_api_bench');
      databaseUrl = db.url;
      dropPg = db.drop;
    }
    const config = { databaseUrl, m: o.m, n: o.n };
    const configPath = join(dir, 'drover.yaml');
    writeBenchConfig(configPath, config);
    log(`${engine}: writing ${o.clients} users and ${o.n} pending instances`);
    const { tokens } = await prefill(config, o.clients, Date.now());

    const started = performance.now();
    const fd = openSync(logFile, 'a');
    child = spawn(process.execPath, ['--import', 'tsx', CHILD, join(dir, 'data'), configPath], { stdio: ['ignore', 'pipe', fd] });
    closeSync(fd);
    const url = (JSON.parse(await firstLine(child, 120_000)) as { url: string }).url;
    log(`${engine}: server at ${url}; waiting for ${o.n} ready VMs`);
    const timeout = (o.fillTimeoutS ?? 600) * 1000;
    let ready = 0;
    for (;;) {
      ready = await readyCount(databaseUrl);
      if (ready >= o.n) break;
      if (performance.now() - started > timeout) throw new Error(`${engine}: only ${ready} of ${o.n} VMs ready after ${timeout / 1000} s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const fillSeconds = (performance.now() - started) / 1000;
    log(`${engine}: ${ready} ready after ${fillSeconds.toFixed(0)} s; ${o.clients} clients for ${o.seconds} s`);
    const load = await runLoad(url, tokens, o.seconds);
    const readyAfter = await readyCount(databaseUrl);
    return { engine, pool: { m: o.m, n: o.n }, fillSeconds, readyBefore: ready, readyAfter, load };
  } catch (error) {
    const tail = safeRead(logFile).split('\n').slice(-30).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tail ? `\n--- server log (last lines) ---\n${tail}` : ''}`);
  } finally {
    if (child) await stop(child);
    if (dropPg) await dropPg().catch((e: unknown) => log(`${engine}: could not drop the benchmark database: ${String(e)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened`));
    });
  });
}

/** SIGTERM (the server closes cleanly), SIGKILL after 30 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
