// The send loop every in-process anchor uses (loopback echo, plain grpc-js): `requests` calls with
// at most `concurrency` in flight, each timed on the monotonic clock.

export type ClosedLoopResult = { elapsedMs: number; completed: number; errors: number; latenciesMs: number[] };

export async function runClosedLoop({ concurrency, requests, call }: { concurrency: number; requests: number; call: () => Promise<unknown> }): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = [];
  let started = 0;
  let errors = 0;
  const worker = async () => {
    while (started < requests) {
      started += 1;
      const begin = performance.now();
      try {
        await call();
      } catch {
        errors += 1;
      }
      latenciesMs.push(performance.now() - begin);
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  return { elapsedMs: performance.now() - begin, completed: latenciesMs.length, errors, latenciesMs };
}
