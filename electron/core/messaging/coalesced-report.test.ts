import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedReport } from './coalesced-report';

describe('coalescedReport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports once per interval however many changes come, and again after the next change', () => {
    let reports = 0;
    const report = coalescedReport(() => (reports += 1), 250);
    for (let n = 0; n < 100; n++) report.schedule();
    vi.advanceTimersByTime(249);
    expect(reports).toBe(0);
    vi.advanceTimersByTime(1);
    expect(reports).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(reports).toBe(1);
    report.schedule();
    vi.advanceTimersByTime(250);
    expect(reports).toBe(2);
  });

  it('drops a pending report when cancelled', () => {
    let reports = 0;
    const report = coalescedReport(() => (reports += 1), 250);
    report.schedule();
    report.cancel();
    vi.advanceTimersByTime(1000);
    expect(reports).toBe(0);
  });
});
