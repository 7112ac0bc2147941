import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import { MIGRATIONS } from './migrations/index.js';
import { openStore, parseStoreUrl } from './open-store.js';

test('store URLs name the engine and the database', () => {
  assert.deepEqual(parseStoreUrl('postgres://u:p@db:5432/drover'), { engine: 'postgres', url: 'postgres://u:p@db:5432/drover' });
  assert.deepEqual(parseStoreUrl('postgresql://db/drover'), { engine: 'postgres', url: 'postgresql://db/drover' });
  assert.deepEqual(parseStoreUrl('sqlite:/var/lib/drover/drover.db'), { engine: 'sqlite', path: '/var/lib/drover/drover.db' });
  assert.deepEqual(parseStoreUrl('sqlite:///var/lib/drover/drover.db'), { engine: 'sqlite', path: '/var/lib/drover/drover.db' });
  assert.deepEqual(parseStoreUrl('sqlite:data/drover.db'), { engine: 'sqlite', path: 'data/drover.db' });
  assert.deepEqual(parseStoreUrl('sqlite::memory:'), { engine: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseStoreUrl(':memory:'), { engine: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseStoreUrl('./drover.db'), { engine: 'sqlite', path: './drover.db' });
});

test('unknown schemes and empty paths are input errors', () => {
  assert.throws(() => parseStoreUrl('mysql://db/drover'), InputError);
  assert.throws(() => parseStoreUrl('sqlite:'), InputError);
  assert.throws(() => parseStoreUrl(''), InputError);
});

test('an in-memory store opens migrated (what unit tests elsewhere use)', async () => {
  const store = await openStore(':memory:');
  try {
    assert.equal(store.engine, 'sqlite');
    assert.deepEqual(await store.migrations(), MIGRATIONS.map(([name]) => name));
  } finally {
    await store.close();
  }
});

test('a PostgreSQL schema name that is not a plain identifier is refused before connecting', async () => {
  await assert.rejects(openStore('postgres://127.0.0.1:1/x', { schema: 'a; drop table users' }), InputError);
});
