// docs/benchmarks.md from the suite's results: a header (date, machine, method), then one table
// per benchmark with its notes. Pure: the runner measures, this only writes.

export type MachineInfo = { cpuModel: string; cores: number; memoryGiB: number; nodeVersion: string; os: string };

export type BenchSection = {
  title: string;
  /** What was measured and how, in a sentence or two. */
  intro: string;
  columns: string[];
  rows: string[][];
  /** Misses (by how much, and why), failures, context. */
  notes: string[];
};

export type BenchReport = { date: Date; machine: MachineInfo; method: string[]; sections: BenchSection[]; totalSeconds: number };

export function renderReport({ date, machine, method, sections, totalSeconds }: BenchReport): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (electron/bench/); do not edit by hand. The goals are those of issue 5.',
    '',
    `- Date: ${date.toISOString().replace('T', ' ').slice(0, 16)} UTC (the suite took ${Math.round(totalSeconds)} s)`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB RAM, ${machine.os}, Node ${machine.nodeVersion}`,
    '',
    '## Method',
    '',
    ...method.map((line) => `- ${line}`),
  ];
  for (const section of sections) {
    lines.push('', `## ${section.title}`, '', section.intro, '', ...renderTable(section.columns, section.rows));
    if (section.notes.length > 0) lines.push('', ...section.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

export function renderTable(columns: string[], rows: string[][]): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [`| ${columns.map(cell).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}
