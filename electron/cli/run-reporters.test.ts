import { describe, expect, it } from 'vitest';
import type { CollectionRunReport, RequestRunResult } from '../../shared/collection';
import { escapeXml, formatResultLines, formatTotals, junitXml } from './run-reporters';

const result = (fields: Partial<RequestRunResult> & Pick<RequestRunResult, 'path' | 'name' | 'status'>): RequestRunResult => ({ iteration: 1, durationMs: 12.5, values: [], assertions: [], captured: {}, ...fields });

const report: CollectionRunReport = {
  collection: 'Users & <Orders>',
  startedAt: 0,
  durationMs: 1234.5,
  totals: { passed: 1, failed: 1, errored: 1, skipped: 1 },
  results: [
    result({ path: 'health.yaml', name: 'health', status: 'passed' }),
    result({
      path: 'math/sum.yaml',
      name: 'sum "all"',
      status: 'failed',
      durationMs: 3,
      assertions: [
        { label: 'ok', passed: true },
        { label: 'path $ equals 7', passed: false, message: 'expected 7, got 6' },
        { label: 'path $ matches /^<\\d>$/', passed: false, message: 'expected a value matching /^<\\d>$/, got 6' },
      ],
    }),
    result({ path: 'math/echo.yaml', name: 'echo', status: 'errored', durationMs: 0, problem: 'Connection "svc": refused\u0007' }),
    result({ path: 'math/echo2.yaml', name: 'echo2', status: 'skipped', durationMs: 0 }),
  ],
};

describe('junitXml', () => {
  it('writes a testsuite per folder, a testcase per request, times in seconds, escaped', () => {
    expect(junitXml(report)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="Users &amp; &lt;Orders&gt;" tests="4" failures="1" errors="1" skipped="1" time="1.234">',
        '  <testsuite name="Users &amp; &lt;Orders&gt;" tests="1" failures="0" errors="0" skipped="0" time="0.013">',
        '    <testcase name="health" classname="Users &amp; &lt;Orders&gt;" time="0.013"/>',
        '  </testsuite>',
        '  <testsuite name="math" tests="3" failures="1" errors="1" skipped="1" time="0.003">',
        '    <testcase name="sum &quot;all&quot;" classname="math" time="0.003">',
        '      <failure message="path $ equals 7: expected 7, got 6; path $ matches /^&lt;\\d&gt;$/: expected a value matching /^&lt;\\d&gt;$/, got 6">path $ equals 7: expected 7, got 6',
        'path $ matches /^&lt;\\d&gt;$/: expected a value matching /^&lt;\\d&gt;$/, got 6</failure>',
        '    </testcase>',
        '    <testcase name="echo" classname="math" time="0.000">',
        '      <error message="Connection &quot;svc&quot;: refused"/>',
        '    </testcase>',
        '    <testcase name="echo2" classname="math" time="0.000">',
        '      <skipped/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('names iterations when there are several', () => {
    const twice: CollectionRunReport = { ...report, results: [result({ path: 'a.yaml', name: 'a', status: 'passed' }), result({ path: 'a.yaml', name: 'a', status: 'passed', iteration: 2 })] };
    expect(junitXml(twice)).toContain('<testcase name="a [iteration 2]" classname="Users &amp; &lt;Orders&gt;" time="0.013"/>');
  });
});

describe('escapeXml', () => {
  it('escapes markup, drops characters XML cannot carry, keeps line breaks in attributes', () => {
    expect(escapeXml(`a&b<c>"d"'e'\u0000\uD800`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(escapeXml('one\ntwo\tthree', { attribute: true })).toBe('one&#10;two&#9;three');
    expect(escapeXml('😀')).toBe('😀');
  });
});

describe('cli lines', () => {
  it('shows ✓/✗, name and latency, failed assertions indented, and totals', () => {
    expect(report.results.flatMap((each) => formatResultLines(each, false))).toEqual([
      '✓ health (12.5 ms)',
      '✗ sum "all" (3 ms)',
      '    path $ equals 7: expected 7, got 6',
      '    path $ matches /^<\\d>$/: expected a value matching /^<\\d>$/, got 6',
      '✗ echo: Connection "svc": refused\u0007',
      '- echo2 (skipped)',
    ]);
    expect(formatTotals(report)).toBe('1 passed, 1 failed, 1 errored, 1 skipped (4 requests in 1234.5 ms)');
  });
});
