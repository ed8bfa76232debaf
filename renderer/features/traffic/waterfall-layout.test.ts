import { describe, expect, it } from 'vitest';
import type { Conversation, TrafficEntry } from '../../../shared/traffic';
import { axisTicks, layoutWaterfall } from './waterfall-layout';

const entry = (seq: number, kind: TrafficEntry['kind']): TrafficEntry => ({
  seq,
  kind,
  direction: kind === 'request' ? 'out' : 'in',
  connectionId: 'c1',
  connectionName: 'orders',
  transport: 'tcp',
  pattern: 'count',
  at: 0,
  bodyPreview: '1',
  bodyTruncated: false,
  sizeBytes: 1,
});

describe('waterfall layout', () => {
  it('places each entry by its offset and spans the request to its last reply part', () => {
    const conversation: Conversation = {
      correlationId: 'abc',
      spanMs: 40,
      items: [
        { relation: 'call', offsetMs: 0, entry: entry(1, 'request') },
        { relation: 'call', offsetMs: 10, entry: entry(2, 'reply') },
        { relation: 'caused', offsetMs: 15, entry: entry(3, 'event') },
        { relation: 'call', offsetMs: 30, entry: entry(4, 'reply') },
        { relation: 'call', offsetMs: 30, entry: entry(5, 'end') },
        { relation: 'caused', offsetMs: 40, entry: entry(6, 'message') },
      ],
    };
    const { lanes, axis } = layoutWaterfall(conversation);
    expect(lanes.map((lane) => [lane.seq, lane.relation, lane.atPercent])).toEqual([
      [1, 'call', 0],
      [2, 'call', 25],
      [3, 'caused', 37.5],
      [4, 'call', 75],
      [5, 'call', 75],
      [6, 'caused', 100],
    ]);
    expect(lanes[0]?.bar).toEqual({ fromPercent: 0, widthPercent: 75, durationMs: 30 });
    expect(lanes.slice(1).every((lane) => lane.bar === undefined)).toBe(true);
    expect(axis.map((tick) => tick.ms)).toEqual([0, 10, 20, 30, 40]);
  });

  it('lays out a lone entry at the start', () => {
    const { lanes, axis } = layoutWaterfall({ spanMs: 0, items: [{ relation: 'call', offsetMs: 0, entry: entry(1, 'request') }] });
    expect(lanes).toEqual([{ seq: 1, relation: 'call', atPercent: 0, offsetMs: 0 }]);
    expect(axis).toEqual([{ atPercent: 0, ms: 0 }]);
  });

  it('picks round axis steps', () => {
    expect(axisTicks(7).map((tick) => tick.ms)).toEqual([0, 2, 4, 6]);
    expect(axisTicks(0.9).map((tick) => tick.ms)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(axisTicks(1_000).map((tick) => tick.ms)).toEqual([0, 200, 400, 600, 800, 1_000]);
  });
});
