import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../core/errors.js';
import { formatTraceCsv, parseTraceCsv, TraceCsvError } from './csv.js';
import { heavyTailDurations } from './durations.js';
import { bursts } from './generators.js';
import { makeTrace } from './trace.js';

test('parses columns in any order, optional columns, comments and blank lines; output sorted', () => {
  const text = [
    '# a hand-written trace',
    'profile, duration_seconds ,T_SECONDS,renew_at_seconds,importance',
    'redis,3600,120.5,,',
    '',
    'big,604800,60,86400,3',
  ].join('\r\n');
  const trace = parseTraceCsv(text, { name: 'hand', horizonS: 3600 });
  assert.equal(trace.name, 'hand');
  assert.equal(trace.horizonS, 3600);
  assert.deepEqual(trace.requests, [
    { t: 60, profile: 'big', durationS: 604800, importance: 3, renewAtS: 86400 },
    { t: 120.5, profile: 'redis', durationS: 3600 },
  ]);
});

test('round-trips a generated trace exactly, including awkward profile names', () => {
  const generated = bursts({
    seed: 7,
    days: 1,
    backgroundPerHour: 5,
    burstsPerDay: 2,
    burstSize: 20,
    profiles: ['dev', 'with,comma', 'say "hi"'],
    durations: heavyTailDurations('pareto'),
  });
  const trace = makeTrace(generated.name, [
    ...generated.requests,
    { t: 5, profile: 'dev', durationS: 60, importance: 2 },
    { t: 6, profile: 'dev', durationS: 60, renewAtS: 30 },
  ], generated.horizonS);
  const back = parseTraceCsv(formatTraceCsv(trace), { name: trace.name, horizonS: trace.horizonS });
  assert.deepEqual(back, trace);
});

test('writes only the columns in use', () => {
  const text = formatTraceCsv(makeTrace('x', [{ t: 1.25, profile: 'dev', durationS: 3600 }]));
  assert.equal(text, 't_seconds,profile,duration_seconds\n1.25,dev,3600\n');
});

test('refuses to write a profile that would not read back the same', () => {
  assert.throws(() => formatTraceCsv(makeTrace('x', [{ t: 1, profile: 'a\nb', durationS: 1 }])), RangeError);
  assert.throws(() => formatTraceCsv(makeTrace('x', [{ t: 1, profile: ' padded', durationS: 1 }])), RangeError);
});

function fails(text: string, line: number, column: string | undefined, message: RegExp): void {
  assert.throws(
    () => parseTraceCsv(text, { name: 'trace.csv' }),
    (e: unknown) => {
      assert.ok(e instanceof TraceCsvError && e instanceof InputError, `expected a TraceCsvError, got ${String(e)}`);
      assert.equal(e.line, line);
      assert.equal(e.column, column);
      assert.match(e.message, message);
      return true;
    },
  );
}

const HEAD = 't_seconds,profile,duration_seconds';

test('bad values name the line and the column', () => {
  fails(`${HEAD}\n1,dev,60\n2,dev,abc\n`, 3, 'duration_seconds', /^trace\.csv line 3, column 3 \(duration_seconds\): expected a number of seconds > 0, got "abc"$/);
  fails(`${HEAD}\n-1,dev,60\n`, 2, 't_seconds', /line 2, column 1 \(t_seconds\): expected a number of seconds >= 0/);
  fails(`${HEAD}\n1,,60\n`, 2, 'profile', /line 2, column 2 \(profile\): value required/);
  fails(`${HEAD}\n1,dev,\n`, 2, 'duration_seconds', /line 2, column 3 \(duration_seconds\): value required/);
  fails(`${HEAD}\n0x10,dev,60\n`, 2, 't_seconds', /got "0x10"/);
  fails(`${HEAD}\nInfinity,dev,60\n`, 2, 't_seconds', /got "Infinity"/);
  fails(`${HEAD},importance\n1,dev,60,1.5\n`, 2, 'importance', /column 4 \(importance\): expected an integer >= 0/);
  fails(`${HEAD},renew_at_seconds\n1,dev,60,0\n`, 2, 'renew_at_seconds', /column 4 \(renew_at_seconds\): expected a number of seconds > 0/);
});

test('bad rows and headers are explained', () => {
  fails(`${HEAD}\n\n1,dev,60,9\n`, 3, undefined, /line 3: expected 3 fields \(t_seconds,profile,duration_seconds\), got 4/);
  fails(`${HEAD}\n1,"dev,60\n`, 2, undefined, /line 2, column 2: unterminated quote/);
  fails('t_seconds,profile,duration,importance\n', 1, 'duration', /line 1, column 3: unknown column "duration"/);
  fails('t_seconds,profile,profile,duration_seconds\n', 1, 'profile', /line 1, column 3: column "profile" appears twice/);
  fails('t_seconds,duration_seconds\n1,60\n', 1, 'profile', /line 1: header lacks column\(s\) profile/);
  fails('# only a comment\n\n', 1, undefined, /no header row/);
});

test('a header-only file is an empty trace', () => {
  assert.deepEqual(parseTraceCsv(`${HEAD}\n`), { name: 'csv', requests: [], horizonS: 0 });
});
