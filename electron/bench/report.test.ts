import { describe, expect, it } from 'vitest';
import { renderReport, renderTable } from './report';

describe('renderTable', () => {
  it('writes a markdown table, escaping pipes in cells', () => {
    expect(renderTable(['a', 'b'], [['1', 'x|y']])).toEqual(['| a | b |', '|---|---|', '| 1 | x\\|y |']);
  });
});

describe('renderReport', () => {
  it('writes the date, machine, method and one table per section with its notes', () => {
    const text = renderReport({
      date: new Date('2025-03-04T05:06:07Z'),
      machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 7.75, nodeVersion: '20.20.2', os: 'Linux 6.1 x64' },
      method: ['Medians of 3 rounds.'],
      sections: [{ title: 'Loopback', intro: 'A TCP echo.', columns: ['what', 'req/s'], rows: [['echo', '124,000']], notes: ['context only'] }],
      totalSeconds: 61.4,
    });
    expect(text).toBe(
      [
        '# Benchmarks',
        '',
        'Written by `npm run bench` (electron/bench/); do not edit by hand. The goals are those of issue 5.',
        '',
        '- Date: 2025-03-04 05:06 UTC (the suite took 61 s)',
        '- Machine: Test CPU, 2 cores, 7.8 GiB RAM, Linux 6.1 x64, Node 20.20.2',
        '',
        '## Method',
        '',
        '- Medians of 3 rounds.',
        '',
        '## Loopback',
        '',
        'A TCP echo.',
        '',
        '| what | req/s |',
        '|---|---|',
        '| echo | 124,000 |',
        '',
        '- context only',
        '',
      ].join('\n'),
    );
  });
});
