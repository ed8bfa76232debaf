// The live chart of a load run: throughput (requests/s, left axis) and p50/p99 latency (ms, right
// axis) per progress sample. Drawn by uPlot on a canvas, so it reads the theme's colours from CSS
// and redraws when the system switches between light and dark.
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { LoadProgress } from '../../../shared/load';

const CHART_HEIGHT = 220;

type Palette = { throughput: string; throughputFill: string; p50: string; p99: string; axis: string; grid: string; font: string };

function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const token = (name: string) => style.getPropertyValue(name).trim();
  return {
    throughput: token('--accent'),
    throughputFill: token('--accent-soft'),
    p50: token('--green-dot'),
    p99: token('--amber-dot'),
    axis: token('--text-3'),
    grid: token('--border'),
    font: `11px ${token('--font-sans')}`,
  };
}

/** Follows the system colour scheme, which is what switches the theme tokens. */
function useColorScheme(): string {
  const query = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
  const [scheme, setScheme] = useState(query?.matches ? 'dark' : 'light');
  useEffect(() => {
    if (!query) return;
    const onChange = () => setScheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return scheme;
}

const toData = (samples: readonly LoadProgress[]): uPlot.AlignedData => [
  samples.map((sample) => sample.elapsedMs / 1_000),
  samples.map((sample) => sample.throughputPerSecond),
  samples.map((sample) => sample.p50Ms ?? null),
  samples.map((sample) => sample.p99Ms ?? null),
];

function chartOptions(width: number, palette: Palette): uPlot.Options {
  const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
    stroke: palette.axis,
    font: palette.font,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1, size: 4 },
    ...extra,
  });
  return {
    width,
    height: CHART_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    padding: [12, 4, 0, 4],
    scales: { x: { time: false }, rps: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, ms: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [
      axis({ values: (_u, splits) => splits.map((s) => `${Number(s.toFixed(2))} s`) }),
      axis({ scale: 'rps', size: 56, values: (_u, splits) => splits.map(compactNumber) }),
      axis({ scale: 'ms', side: 1, size: 52, grid: { show: false }, values: (_u, splits) => splits.map((s) => `${Number(s.toFixed(2))} ms`) }),
    ],
    series: [
      {},
      { label: 'Throughput', scale: 'rps', stroke: palette.throughput, fill: palette.throughputFill, width: 2, points: { show: false } },
      { label: 'p50', scale: 'ms', stroke: palette.p50, width: 1.5, points: { show: false } },
      { label: 'p99', scale: 'ms', stroke: palette.p99, width: 1.5, dash: [5, 3], points: { show: false } },
    ],
  };
}

function compactNumber(value: number): string {
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toFixed(1))}M`;
  if (value >= 1_000) return `${Number((value / 1_000).toFixed(1))}k`;
  return String(Number(value.toFixed(1)));
}

export function LoadChart({ samples }: { samples: readonly LoadProgress[] }) {
  const frameRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | undefined>(undefined);
  const scheme = useColorScheme();

  // One plot per frame and colour scheme; resized with its frame.
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const plot = new uPlot(chartOptions(Math.max(200, frame.clientWidth), readPalette(frame)), toData([]), frame);
    plotRef.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, frame.clientWidth), height: CHART_HEIGHT }));
    resize.observe(frame);
    return () => {
      resize.disconnect();
      plot.destroy();
      plotRef.current = undefined;
    };
  }, [scheme]);

  // After the plot effect: a new plot (new colour scheme) gets the samples too.
  useEffect(() => {
    plotRef.current?.setData(toData(samples));
  }, [samples, scheme]);

  const last = samples.at(-1);
  const description = last
    ? `Throughput and latency over ${samples.length} samples; latest ${Math.round(last.throughputPerSecond)} requests per second${last.p50Ms === undefined ? '' : `, p50 ${last.p50Ms.toFixed(2)} ms, p99 ${(last.p99Ms ?? last.p50Ms).toFixed(2)} ms`}`
    : 'Throughput and latency: no samples yet';

  return (
    <figure className="load-chart" aria-label="Throughput and latency chart">
      <figcaption className="load-chart__legend">
        <span className="load-chart__key load-chart__key--throughput">Requests/s</span>
        <span className="load-chart__key load-chart__key--p50">p50</span>
        <span className="load-chart__key load-chart__key--p99">p99</span>
      </figcaption>
      <div ref={frameRef} className="load-chart__plot" role="img" aria-label={description} />
    </figure>
  );
}
