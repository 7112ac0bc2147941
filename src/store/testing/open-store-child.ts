/**
 * Test helper run as a separate process by store.test.ts ("concurrent opens"): opens
 * the store given on the command line (which migrates it), records one event, closes.
 * It says "ready" on stdout once loaded and opens when a line arrives on stdin, so that
 * the parent can release all children at the same moment (module loading takes long
 * enough to stagger them otherwise).
 * Usage: node --import tsx open-store-child.ts <url> <options-json> <tag>
 */
import { once } from 'node:events';
import { openStore } from '../open-store.js';

const [url, optsJson, tag] = process.argv.slice(2);
if (!url || !optsJson || !tag) {
  console.error('usage: open-store-child.ts <url> <options-json> <tag>');
  process.exit(2);
}
process.stdout.write('ready\n');
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');
process.stdin.destroy();
const store = await openStore(url, JSON.parse(optsJson));
try {
  await store.appendEvent({ at: 0, level: 'info', kind: 'test', subject: tag, reason: 'Opened', message: 'child opened the store' });
} finally {
  await store.close();
}
