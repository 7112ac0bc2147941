import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatElapsed, renderSvgPlot, type PlotSeries } from './svg-plot.js';
import { assertWellFormedSvg as assertWellFormed } from './svg-well-formed.js';

function coordinates(svg: string, series: string): [number, number][] {
  const m = svg.match(new RegExp(`<polyline data-series="${series}"[^>]*points="([^"]*)"`));
  assert.ok(m, `a polyline for ${series}`);
  return m[1]!.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
}

const day = 86_400;
const series: PlotSeries[] = [
  { name: 'ready', points: [[0, 2], [3600, 5], [7200, 3]] },
  { name: 'total', points: [[0, 4], [3600, 12], [7200, 9]] },
  { name: 'demand/10 min', points: [[0, 0], [3600, 7], [7200, 1]], step: false },
];

test('renders one polyline and one legend entry per series inside the viewBox', () => {
  const svg = renderSvgPlot({ title: 'predictive on office <7 days> & more', series, yLabel: 'instances', width: 600, height: 300 });
  assertWellFormed(svg);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 600 300"/);
  assert.match(svg, /predictive on office &lt;7 days&gt; &amp; more/);
  for (const s of series) {
    assert.match(svg, new RegExp(`<text[^>]*>${s.name}</text>`), `legend names ${s.name}`);
    for (const [x, y] of coordinates(svg, s.name)) assert.ok(x >= 0 && x <= 600 && y >= 0 && y <= 300, `${s.name} at ${x},${y}`);
  }
  // Step series hold their value: ready has 3 points, drawn as 3 + 2 risers + the tail to the axis end.
  assert.equal(coordinates(svg, 'ready').length, 5);
  assert.equal(coordinates(svg, 'demand/10 min').length, 3);
});

test('a higher value is drawn higher (smaller y)', () => {
  const svg = renderSvgPlot({ title: 't', series: [series[2]!] });
  const [first, peak] = coordinates(svg, 'demand/10 min');
  assert.ok(peak![1] < first![1]);
  assert.ok(peak![0] > first![0]);
});

test('a two-week series is reduced per pixel column but keeps its peak', () => {
  const points: [number, number][] = Array.from({ length: 20_000 }, (_, i) => [i * 60, i === 12_345 ? 50 : i % 3]);
  const svg = renderSvgPlot({ title: 'long', series: [{ name: 'ready', points }] });
  assertWellFormed(svg);
  const drawn = coordinates(svg, 'ready');
  assert.ok(drawn.length < 8000, `${drawn.length} points drawn`);
  const top = Math.min(...drawn.map((p) => p[1]));
  const svgFlat = renderSvgPlot({ title: 'flat', series: [{ name: 'ready', points: points.map(([x]) => [x, 50]) }] });
  assert.equal(top, coordinates(svgFlat, 'ready')[0]![1], 'the single peak reaches the same height as a flat line at 50');
});

test('an empty plot still renders; a non-finite point is refused', () => {
  assertWellFormed(renderSvgPlot({ title: 'empty', series: [{ name: 'none', points: [] }] }));
  assert.throws(() => renderSvgPlot({ title: 'bad', series: [{ name: 'x', points: [[0, Number.NaN]] }] }), /series "x": non-finite/);
});

test('time axis labels read as elapsed time', () => {
  assert.deepEqual([0, 45 * 60, 6 * 3600, day, day + 12 * 3600, 30].map(formatElapsed), ['0', '45m', '6h', '1d', '1d 12h', '30s']);
  const svg = renderSvgPlot({ title: 'week', series: [{ name: 'a', points: [[0, 1], [7 * day, 1]] }] });
  assert.match(svg, />1d</);
  assert.match(svg, />7d</);
});

test('a numeric x axis: plain tick labels, an axis label, dots, labels and rings on the points', () => {
  const svg = renderSvgPlot({
    title: 'hit rate against idle VM-hours',
    xAxis: 'number',
    xLabel: 'idle VM-hours',
    yLabel: 'hit rate %',
    markedLabel: 'default',
    legend: 'inside',
    series: [
      { name: 'static', points: [[0, 0], [1680, 41.9], [3360, 51.6]], step: false, markers: true, pointLabels: ['0', '5', '10'], marked: [2] },
      { name: 'vmms', points: [[3520, 53.3]], step: false, markers: true, labelOffset: [-6, 12] },
    ],
  });
  assertWellFormed(svg);
  assert.equal(coordinates(svg, 'static').length, 3, 'no steps: one vertex per point');
  assert.match(svg, />4000</, 'the axis ends on a round tick past the largest x');
  assert.doesNotMatch(svg, />\d+d</, 'no elapsed-time labels');
  assert.match(svg, />idle VM-hours</);
  assert.equal(svg.match(/<circle data-series="static"/g)?.length, 3);
  assert.equal(svg.match(/<circle data-marked=/g)?.length, 1, 'one ringed point');
  const legendY = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)">(static|vmms|default)<\/text>/g)].map((m) => Number(m[1]));
  assert.equal(legendY.length, 3, 'the rings have a legend entry too');
  assert.ok(legendY.every((y) => y > 40 && y < 360 - 36), 'an inside legend sits within the plot area');
  assert.match(svg, /<text [^>]*>10<\/text>/, 'points carry their labels');
});
