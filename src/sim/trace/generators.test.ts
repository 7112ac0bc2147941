import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../core/errors.js';
import { heavyTailDurations } from './durations.js';
import { bursts, officeHours, steadyPoisson } from './generators.js';
import type { Trace } from './trace.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

function between(trace: Trace, fromS: number, toS: number): number {
  return trace.requests.filter((r) => r.t >= fromS && r.t < toS).length;
}

/** The most requests any window of `windowS` seconds holds, among requests in [fromS, toS). */
function densestWindow(trace: Trace, windowS: number, fromS = 0, toS = Infinity): number {
  const ts = trace.requests.map((r) => r.t).filter((t) => t >= fromS && t < toS);
  let best = 0;
  for (let i = 0, j = 0; j < ts.length; j++) {
    while (ts[j]! - ts[i]! >= windowS) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

function assertWellFormed(trace: Trace, days: number): void {
  assert.equal(trace.horizonS, days * DAY);
  for (let i = 0; i < trace.requests.length; i++) {
    const r = trace.requests[i]!;
    assert.ok(r.t >= 0 && r.t <= trace.horizonS, `request ${i} at ${r.t} outside the horizon`);
    assert.ok(r.durationS >= 1 && Number.isInteger(r.durationS));
    if (i > 0) assert.ok(trace.requests[i - 1]!.t <= r.t, 'requests sorted by t');
  }
}

test('same seed, same trace; another seed, another trace', () => {
  const make = (seed: number | string): Trace[] => [
    steadyPoisson({ seed, days: 2, ratePerHour: 10 }),
    officeHours({ seed, days: 2, weekdayPeakPerHour: 10 }),
    bursts({ seed, days: 2, backgroundPerHour: 2, burstsPerDay: 2, burstSize: [10, 20] }),
  ];
  assert.deepEqual(make(42), make(42));
  assert.deepEqual(make('release'), make('release'));
  const [a, b] = [make(42), make(43)];
  for (let i = 0; i < a.length; i++) assert.notDeepEqual(a[i]!.requests, b[i]!.requests);
});

test('changing durations or profiles does not move the arrivals', () => {
  const base = steadyPoisson({ seed: 1, days: 1, ratePerHour: 20 });
  const tail = steadyPoisson({ seed: 1, days: 1, ratePerHour: 20, durations: heavyTailDurations(), profiles: ['a', 'b'] });
  assert.deepEqual(tail.requests.map((r) => r.t), base.requests.map((r) => r.t));
  assert.notDeepEqual(tail.requests.map((r) => r.durationS), base.requests.map((r) => r.durationS));
});

test('steadyPoisson arrives at its rate', () => {
  const trace = steadyPoisson({ seed: 3, days: 7, ratePerHour: 12 });
  assertWellFormed(trace, 7);
  const expected = 12 * 24 * 7; // 2016; a Poisson count's sd is about 45
  assert.ok(Math.abs(trace.requests.length - expected) < 5 * Math.sqrt(expected), `${trace.requests.length} requests`);
  assert.ok(trace.requests.every((r) => r.profile === 'dev'), 'default profile');
});

test('weighted profiles are drawn in proportion', () => {
  const trace = steadyPoisson({ seed: 4, days: 7, ratePerHour: 12, profiles: [{ name: 'big', weight: 1 }, { name: 'small', weight: 3 }] });
  const big = trace.requests.filter((r) => r.profile === 'big').length / trace.requests.length;
  assert.ok(big > 0.2 && big < 0.3, `share of big: ${big}`);
});

test('officeHours: Monday 09:00-10:00 is busier than all of Sunday, and than Tuesday 09:00', () => {
  const trace = officeHours({ seed: 5, days: 7, weekdayPeakPerHour: 20, mondayPeakFactor: 2.5, nightPerHour: 0.5 });
  assertWellFormed(trace, 7);
  const monday9 = between(trace, 9 * HOUR, 10 * HOUR);
  const tuesday9 = between(trace, DAY + 9 * HOUR, DAY + 10 * HOUR);
  const sunday = between(trace, 6 * DAY, 7 * DAY);
  const mondayNight = between(trace, 0, 6 * HOUR);
  assert.ok(monday9 > sunday, `Monday 09-10: ${monday9}, Sunday: ${sunday}`);
  assert.ok(monday9 > tuesday9, `Monday 09-10: ${monday9}, Tuesday 09-10: ${tuesday9}`);
  assert.ok(tuesday9 > mondayNight, `Tuesday 09-10: ${tuesday9}, Monday 00-06: ${mondayNight}`);
});

test('bursts: each day holds its bursts of >= N requests within 60 s; without bursts no such cluster', () => {
  const days = 3;
  const trace = bursts({ seed: 6, days, backgroundPerHour: 4, burstsPerDay: 2, burstSize: 30 });
  assertWellFormed(trace, days);
  for (let d = 0; d < days; d++) {
    assert.ok(densestWindow(trace, 60, d * DAY, (d + 1) * DAY) >= 30, `day ${d} has a burst`);
  }
  const background = bursts({ seed: 6, days, backgroundPerHour: 4, burstsPerDay: 0, burstSize: 30 });
  assert.ok(densestWindow(background, 60) < 10, 'background alone is not bursty');
  assert.equal(trace.requests.length - background.requests.length, days * 2 * 30);
});

test('a burst asks for one profile', () => {
  const trace = bursts({ seed: 8, days: 1, backgroundPerHour: 0, burstsPerDay: 1, burstSize: [25, 40], profiles: ['a', 'b', 'c'] });
  assert.ok(trace.requests.length >= 25 && trace.requests.length <= 40, `${trace.requests.length} requests`);
  assert.equal(new Set(trace.requests.map((r) => r.profile)).size, 1);
  assert.ok(trace.requests.at(-1)!.t - trace.requests[0]!.t < 60);
});

test('bad options are refused, naming the field', () => {
  const field = (fn: () => unknown, name: string): void => {
    assert.throws(fn, (e: unknown) => e instanceof InputError && e.field === name);
  };
  field(() => steadyPoisson({ seed: 1, days: 0, ratePerHour: 1 }), 'days');
  field(() => steadyPoisson({ seed: 1, days: 1, ratePerHour: -1 }), 'ratePerHour');
  field(() => steadyPoisson({ seed: 1, days: 1, ratePerHour: 1, profiles: [] }), 'profiles');
  field(() => steadyPoisson({ seed: 1, days: 1, ratePerHour: 1, profiles: [{ name: 'a', weight: 0 }] }), 'profiles[0]');
  field(() => officeHours({ seed: 1, days: 1, weekdayPeakPerHour: Number.NaN }), 'weekdayPeakPerHour');
  field(() => bursts({ seed: 1, days: 1, backgroundPerHour: 1, burstsPerDay: 1.5, burstSize: 3 }), 'burstsPerDay');
  field(() => bursts({ seed: 1, days: 1, backgroundPerHour: 1, burstsPerDay: 1, burstSize: [5, 2] }), 'burstSize');
  assert.throws(() => steadyPoisson({ seed: 1, days: 1, ratePerHour: 1, durations: { kind: 'pareto', minS: 60, alpha: 0 } }), /durations\.alpha/);
});
