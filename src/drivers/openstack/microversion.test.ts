import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDriverError } from '../../core/errors.js';
import { microversionHeaders, negotiate, parseMicroversion, rangeFromVersionDocument, requireMicroversion } from './microversion.js';

/** GET /v2.1/ of Nova Zed (nova doc/api_samples/versions/v21-version-get-resp.json, version raised to 2.93). */
const ZED = {
  version: {
    id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1', updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: 'http://127.0.0.1:8774/v2.1/' }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  },
};

describe('microversion negotiation', () => {
  test('reads the versioned and the unversioned document', () => {
    assert.deepEqual(rangeFromVersionDocument(ZED), { min: [2, 1], max: [2, 93] });
    const root = { versions: [{ id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' }, { ...ZED.version, version: '2.60' }] };
    assert.deepEqual(rangeFromVersionDocument(root), { min: [2, 1], max: [2, 60] });
    assert.deepEqual(rangeFromVersionDocument({ version: { id: 'v2.0', version: '', min_version: '' } }), { min: [2, 0], max: [2, 0] });
  });

  test('picks the highest version both sides speak', () => {
    const client = { min: parseMicroversion('2.1'), max: parseMicroversion('2.93') };
    assert.deepEqual(negotiate({ min: [2, 1], max: [2, 100] }, client), [2, 93]);
    assert.deepEqual(negotiate({ min: [2, 1], max: [2, 53] }, client), [2, 53]);
    // 2.10 < 2.9 as strings, not as microversions.
    assert.deepEqual(negotiate({ min: [2, 1], max: [2, 10] }, { min: [2, 1], max: [2, 9] }), [2, 9]);
  });

  test('ranges that do not meet are unsupported', () => {
    assert.throws(() => negotiate({ min: [2, 0], max: [2, 0] }, { min: [2, 1], max: [2, 93] }), (e: unknown) => isDriverError(e, 'unsupported'));
  });

  test('a gated feature on an older cloud names the feature and both versions', () => {
    assert.throws(() => requireMicroversion([2, 10], '2.11', 'forcing a compute service down'), (e: unknown) =>
      isDriverError(e, 'unsupported') && e.message === 'forcing a compute service down needs compute microversion 2.11; this cloud offers at most 2.10');
    requireMicroversion([2, 11], '2.11', 'x');
  });

  test('headers name the service', () => {
    assert.equal(microversionHeaders('compute', [2, 93])['openstack-api-version'], 'compute 2.93');
    assert.equal(microversionHeaders('compute', [2, 93])['x-openstack-nova-api-version'], '2.93');
  });
});
