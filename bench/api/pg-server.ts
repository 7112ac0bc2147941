import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPTS = fileURLToPath(new URL('../../scripts/pg/', import.meta.url));

export interface PgServer {
  url: string;
  /** Where it came from, for the report. */
  source: string;
  /** Stops it if this process started it. */
  release(): void;
}

/**
 * A PostgreSQL server for the benchmark: DROVER_TEST_PG_URL when set, else a throwaway
 * one from scripts/pg/start (stopped by `release`). null, with the reason, when neither
 * works: the caller reports the PostgreSQL figures as skipped.
 */
export function acquirePostgres(log: (line: string) => void): { server: PgServer } | { skipped: string } {
  const fromEnv = process.env.DROVER_TEST_PG_URL;
  if (fromEnv) return { server: { url: fromEnv, source: 'DROVER_TEST_PG_URL', release: () => {} } };
  log('postgres: starting a throwaway server (scripts/pg/start)');
  const started = spawnSync('bash', [`${SCRIPTS}start`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 });
  const out = started.stdout ?? '';
  const url = /^DROVER_TEST_PG_URL=(.*)$/m.exec(out)?.[1];
  const dir = /^DROVER_TEST_PG_DIR=(.*)$/m.exec(out)?.[1];
  if (started.status !== 0 || !url || !dir) {
    const why = (started.stderr ?? '').trim().split('\n').slice(-3).join(' / ') || `exit ${started.status}`;
    return { skipped: `no PostgreSQL: DROVER_TEST_PG_URL is not set and scripts/pg/start failed (${why})` };
  }
  return {
    server: {
      url,
      source: 'scripts/pg/start (throwaway, stopped afterwards)',
      release: () => {
        spawnSync('bash', [`${SCRIPTS}stop`, dir], { stdio: 'ignore', timeout: 120_000 });
      },
    },
  };
}
