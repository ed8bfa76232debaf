// Anchor and subject take turns (A S, then S A, …) so that a machine getting busier or quieter
// during the run weighs on both alike; the report then takes medians over the rounds.
import { summarizeLatencies } from '../core/metrics/latency-recorder';
import type { LoadReport } from '../../shared/load';
import type { ClosedLoopResult } from '../../fixtures/nest/closed-loop.mjs';

export type Figures = { throughputPerSecond: number; p50Ms: number; p99Ms: number; errors: number };

export async function alternate<A, S>(rounds: number, anchor: () => Promise<A>, subject: () => Promise<S>): Promise<{ anchor: A[]; subject: S[] }> {
  const results = { anchor: [] as A[], subject: [] as S[] };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      results.anchor.push(await anchor());
      results.subject.push(await subject());
    } else {
      results.subject.push(await subject());
      results.anchor.push(await anchor());
    }
  }
  return results;
}

export function figuresOfLoop({ elapsedMs, completed, errors, latenciesMs }: ClosedLoopResult): Figures {
  const latency = summarizeLatencies(latenciesMs);
  return { throughputPerSecond: (completed / elapsedMs) * 1_000, p50Ms: latency?.p50Ms ?? NaN, p99Ms: latency?.p99Ms ?? NaN, errors };
}

export function figuresOfReport(report: LoadReport): Figures {
  return { throughputPerSecond: report.throughputPerSecond, p50Ms: report.latency.p50Ms, p99Ms: report.latency.p99Ms, errors: report.completed - report.ok };
}
