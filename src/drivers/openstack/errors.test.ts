import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorFromResponse } from './errors.js';
import type { HttpResponse } from './http.js';

function res(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers, body: typeof body === 'string' ? null : body, text };
}

describe('fault mapping', () => {
  const cases: [string, HttpResponse, string, RegExp][] = [
    ['Nova itemNotFound', res(404, { itemNotFound: { code: 404, message: 'Instance abc could not be found.' } }), 'not-found', /404 Instance abc could not be found\./],
    ['Nova conflictingRequest', res(409, { conflictingRequest: { code: 409, message: "Cannot 'start' instance abc while it is in vm_state active" } }), 'conflict', /vm_state active/],
    ['Nova quota (403)', res(403, { forbidden: { code: 403, message: 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances' } }), 'quota', /Quota exceeded/],
    ['Nova overLimit (413)', res(413, { overLimit: { code: 413, message: 'Maximum number of ports exceeded' } }), 'quota', /ports exceeded/],
    ['Nova policy (403)', res(403, { forbidden: { code: 403, message: 'Policy doesn\'t allow os_compute_api:os-services:list to be performed.' } }), 'fatal', /forbidden \(an admin credential may be needed\): Policy/],
    ['Nova old microversion (406)', res(406, { computeFault: { code: 406, message: 'Version 2.99 is not supported by the API.' } }), 'unsupported', /2\.99 is not supported/],
    ['Nova un-force after evacuation (400)', res(400, { badRequest: { code: 400, message: 'Unable to force up host fake-1 as `done` evacuation migration records remain associated with the host.' } }), 'conflict', /Unable to force up host fake-1/],
    ['Nova evacuate from a live host (400)', res(400, { badRequest: { code: 400, message: 'Compute service of fake-1 is still in use.' } }), 'conflict', /still in use/],
    ['Nova bad request', res(400, { badRequest: { code: 400, message: "Invalid input for field/attribute flavorRef." } }), 'fatal', /flavorRef/],
    ['Nova 500', res(500, { computeFault: { code: 500, message: 'Unexpected API Error.' } }), 'transient', /500 Unexpected API Error/],
    ['Keystone 401', res(401, { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }), 'fatal', /401 authentication failed: The request you have made/],
    ['Neutron OverQuota', res(409, { NeutronError: { type: 'OverQuota', message: 'Quota exceeded for resources: [\'floatingip\'].', detail: '' } }), 'quota', /floatingip/],
    ['Neutron not found', res(404, { NeutronError: { type: 'FloatingIPNotFound', message: 'Floating IP f could not be found', detail: '' } }), 'not-found', /Floating IP f could not be found/],
    ['Placement', res(409, { errors: [{ status: 409, title: 'Conflict', detail: 'resource provider generation conflict', code: 'placement.concurrent_update' }] }), 'conflict', /generation conflict/],
    ['Glance HTML', res(404, '<html><body><h1>404 Not Found</h1>The resource could not be found.</body></html>'), 'not-found', /404 404 Not Found The resource could not be found\./],
    ['rate limit', res(429, 'Too Many Requests', { 'retry-after': '7' }), 'transient', /429 Too Many Requests/],
  ];
  for (const [name, r, kind, message] of cases) {
    test(`${name} -> ${kind}, keeping the cloud's words`, () => {
      const e = errorFromResponse('svc VERB /path', r);
      assert.equal(e.kind, kind);
      assert.match(e.message, /^svc VERB \/path: /);
      assert.match(e.message, message);
      assert.equal(e.details.status, r.status);
    });
  }

  test('Retry-After and the request id travel in details', () => {
    const e = errorFromResponse('x', res(503, 'down', { 'retry-after': '4', 'x-openstack-request-id': 'req-1' }));
    assert.equal(e.details.retryAfterMs, 4000);
    assert.equal(e.details.requestId, 'req-1');
  });
});
