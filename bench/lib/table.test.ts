import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdownTable, renderTextTable, type TableSpec } from './table.js';

const spec: TableSpec = {
  columns: ['policy', { header: 'hit rate', digits: 3 }, 'p99 s', { header: 'note', align: 'left' }],
  rows: [
    ['none', 0, 152, null],
    ['predictive', 0.98765, 4, 'eps=0.05|burst'],
  ],
};

test('text table: fixed widths, numbers right-aligned, a rule under the header', () => {
  assert.equal(
    renderTextTable(spec),
    [
      'policy      hit rate  p99 s  note',
      '----------  --------  -----  --------------',
      'none           0.000    152  -',
      'predictive     0.988      4  eps=0.05|burst',
      '',
    ].join('\n'),
  );
});

test('markdown table: alignment row and escaped pipes', () => {
  assert.equal(
    renderMarkdownTable(spec),
    [
      '| policy | hit rate | p99 s | note |',
      '|:---|---:|---:|:---|',
      '| none | 0.000 | 152 | - |',
      '| predictive | 0.988 | 4 | eps=0.05\\|burst |',
      '',
    ].join('\n'),
  );
});

test('a row of the wrong width is refused, naming the columns', () => {
  assert.throws(() => renderTextTable({ columns: ['a', 'b'], rows: [[1]] }), /table row 0: expected 2 cells \(a, b\), got 1/);
});
