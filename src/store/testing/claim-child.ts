/**
 * Test helper run as a separate process by leasing-concurrency.test.ts: opens the store,
 * says "ready", waits for a line on stdin (so that all children start together), then
 * fires `count` concurrent claims on pool redis/sim with lease ids `<tag>-<i>`, and
 * prints one JSON line: the claimed instance ids (null for a claim that found none).
 * Usage: node --import tsx claim-child.ts <url> <options-json> <tag> <count>
 */
import { once } from 'node:events';
import { openStore } from '../open-store.js';

const [url, optsJson, tag, countArg] = process.argv.slice(2);
if (!url || !optsJson || !tag || !countArg) {
  console.error('usage: claim-child.ts <url> <options-json> <tag> <count>');
  process.exit(2);
}
const store = await openStore(url, JSON.parse(optsJson));
try {
  process.stdout.write('ready\n');
  process.stdin.setEncoding('utf8');
  await once(process.stdin, 'data');
  process.stdin.destroy();
  const claims = Array.from({ length: Number(countArg) }, (_, i) =>
    store.claimReadyInstance('redis', 'sim', `${tag}-${i}`, 1_000 + i).then((r) => r?.id ?? null),
  );
  process.stdout.write(`${JSON.stringify(await Promise.all(claims))}\n`);
} finally {
  await store.close();
}
