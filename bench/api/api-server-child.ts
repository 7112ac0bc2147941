/**
 * The server process of the API benchmark: Drover as `drover up` runs it (runServer),
 * with the benchmark's drover.yaml. Prints one JSON line `{ "url": ... }` on stdout
 * once it listens, and closes cleanly on SIGTERM or SIGINT.
 *
 *   node --import tsx bench/api/api-server-child.ts DATA_DIR CONFIG_PATH
 */
import { runServer } from '../../src/main/run-server.js';

const [dataDir, configPath] = process.argv.slice(2);
if (!dataDir || !configPath) {
  console.error('usage: api-server-child.ts DATA_DIR CONFIG_PATH');
  process.exit(2);
}
const server = await runServer({ dataDir, configPath, port: 0, host: '127.0.0.1', logLevel: 'warn' });
console.log(JSON.stringify({ url: server.url }));
let closing = false;
const close = (): void => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
