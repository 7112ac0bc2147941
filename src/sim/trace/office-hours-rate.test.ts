import assert from 'node:assert/strict';
import { test } from 'node:test';
import { officeMaxRatePerHour, officeRatePerHour } from './office-hours-rate.js';

const at = (day: number, hour: number): number => day * 86_400 + hour * 3600 + 1800;
const opts = { weekdayPeakPerHour: 20, mondayPeakFactor: 3, nightPerHour: 1 };

test('the week starts on Monday: Monday 09:00 peaks at factor x peak, other weekdays at the peak', () => {
  assert.equal(officeRatePerHour(at(0, 9), opts), 60);
  assert.equal(officeRatePerHour(at(0, 8), opts), 1 + (40 - 1) * 0.6, '08:00 halfway to the Monday peak');
  for (const day of [1, 2, 3, 4]) assert.equal(officeRatePerHour(at(day, 9), opts), 20);
  assert.equal(officeMaxRatePerHour(opts), 60);
});

test('nights and weekends run at the night rate; the pattern repeats weekly', () => {
  for (const [day, hour] of [[0, 3], [2, 22], [5, 9], [6, 14]] as const) {
    assert.equal(officeRatePerHour(at(day, hour), opts), 1, `day ${day} ${hour}:00`);
  }
  assert.equal(officeRatePerHour(at(7, 9), opts), 60, 'the second Monday');
});

test('defaults: Monday factor 2, night 5% of the peak', () => {
  assert.equal(officeRatePerHour(at(0, 9), { weekdayPeakPerHour: 20 }), 40);
  assert.equal(officeRatePerHour(at(6, 9), { weekdayPeakPerHour: 20 }), 1);
});
