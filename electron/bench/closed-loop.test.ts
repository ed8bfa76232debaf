import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../fixtures/nest/closed-loop.mjs';

describe('runClosedLoop', () => {
  it('makes exactly the requested calls, never more than the concurrency at once, and counts failures', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    let calls = 0;
    const result = await runClosedLoop({
      concurrency: 3,
      requests: 10,
      call: async () => {
        calls += 1;
        const mine = calls;
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await Promise.resolve();
        inFlight -= 1;
        if (mine % 4 === 0) throw new Error('refused');
      },
    });
    expect({ calls, mostInFlight, completed: result.completed, errors: result.errors, latencies: result.latenciesMs.length }).toEqual({ calls: 10, mostInFlight: 3, completed: 10, errors: 2, latencies: 10 });
  });

  it('starts no more workers than there are requests', async () => {
    let calls = 0;
    const result = await runClosedLoop({ concurrency: 100, requests: 2, call: async () => (calls += 1) });
    expect({ calls, completed: result.completed }).toEqual({ calls: 2, completed: 2 });
  });
});
