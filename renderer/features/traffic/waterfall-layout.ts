// A conversation laid out as a waterfall: one lane per entry, its tick placed by offsetMs over the
// conversation's span, and on the request's lane a bar from the request to its last reply part.
// Pure, so the positions are tested here and the view only draws them.
import type { Conversation } from '../../../shared/traffic';

export interface WaterfallLane {
  seq: number;
  relation: 'call' | 'caused';
  /** Where the tick sits, 0–100 (% of the span). */
  atPercent: number;
  offsetMs: number;
  /** On the request's lane: the bar to its last reply part (% of the span) and how long that took. */
  bar?: { fromPercent: number; widthPercent: number; durationMs: number };
}

export interface WaterfallAxisTick {
  atPercent: number;
  ms: number;
}

/** A span of 0 (one entry, or all at once) still lays out: everything sits at the start. */
export function layoutWaterfall(conversation: Conversation): { lanes: WaterfallLane[]; axis: WaterfallAxisTick[] } {
  const { items, spanMs } = conversation;
  const percentOf = (ms: number) => (spanMs > 0 ? Math.min(100, Math.max(0, (ms / spanMs) * 100)) : 0);
  const lastCallOffsetMs = Math.max(...items.filter((item) => item.relation === 'call').map((item) => item.offsetMs), 0);
  const lanes = items.map((item): WaterfallLane => {
    const lane: WaterfallLane = { seq: item.entry.seq, relation: item.relation, atPercent: percentOf(item.offsetMs), offsetMs: item.offsetMs };
    if (item.relation === 'call' && item.entry.kind === 'request' && lastCallOffsetMs > item.offsetMs) {
      const fromPercent = percentOf(item.offsetMs);
      lane.bar = { fromPercent, widthPercent: percentOf(lastCallOffsetMs) - fromPercent, durationMs: lastCallOffsetMs - item.offsetMs };
    }
    return lane;
  });
  return { lanes, axis: axisTicks(spanMs) };
}

/** Four to six round ticks (1, 2 or 5 × 10ⁿ ms apart) from 0 to the span. */
export function axisTicks(spanMs: number): WaterfallAxisTick[] {
  if (spanMs <= 0) return [{ atPercent: 0, ms: 0 }];
  const rough = spanMs / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => spanMs / candidate <= 5) ?? 10 * magnitude;
  const ticks: WaterfallAxisTick[] = [];
  for (let ms = 0; ms <= spanMs + step * 1e-9; ms += step) ticks.push({ atPercent: (ms / spanMs) * 100, ms: roundTick(ms) });
  return ticks;
}

/** Floating steps add noise (0.30000000000000004): round to the step's precision. */
const roundTick = (ms: number) => Math.round(ms * 1e6) / 1e6;
