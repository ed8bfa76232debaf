// `patchbay bench`: a load run from the terminal, like ghz but for every transport. The report goes
// to stdout (text, or one JSON line with --json for scripts); live progress goes to stderr, and
// only when stderr is a terminal, so piped output stays clean.
// Exit codes: 0 the run ran (completed, or stopped with Ctrl-C), request errors included: they are
// part of the measurement, counted in the report · 2 usage · 3 could not connect, or the
// connection went away during the run.
import { loadPlanSchema } from '../../shared/load';
import { EXIT } from './exit-codes';
import { formatLoadReport, formatProgressLine } from './bench-report';
import type { MessageArgs } from './message-commands';
import { prepare } from './message-commands';

export type BenchArgs = MessageArgs & { concurrency: number; requests?: number; duration?: number; rate?: number; timeout: number; warmup?: number; json?: boolean };

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);

export async function benchCommand(args: BenchArgs): Promise<number> {
  if ((args.requests === undefined) === (args.duration === undefined)) {
    const which = args.requests === undefined ? 'neither was given' : 'both were given';
    return printError(`Give either --requests N (stop after N requests) or --duration S (stop after S seconds); ${which}.`), EXIT.usage;
  }
  const plan = loadPlanSchema.safeParse({
    concurrency: args.concurrency,
    requests: args.requests,
    durationMs: args.duration === undefined ? undefined : Math.max(1, Math.round(args.duration * 1_000)),
    ratePerSecond: args.rate,
    timeoutMs: args.timeout,
    warmupRequests: args.warmup,
  });
  if (!plan.success) return printError(`${plan.error.issues[0]?.message ?? 'Invalid load plan'}.`), EXIT.usage;

  const prepared = await prepare(args, args.timeout);
  if (typeof prepared === 'number') return prepared;
  const { engine, connection, pattern, data } = prepared;
  try {
    const started = engine.loads.start({ connectionId: connection.info().id, pattern, data, plan: plan.data });
    if (!started.ok) return printError(started.error.message), EXIT.connection;
    const run = started.value;

    const stopOnInterrupt = () => run.stop();
    process.once('SIGINT', stopOnInterrupt);
    let completed = 0;
    const live = process.stderr.isTTY === true;
    const unsubscribe = engine.onEvent((event) => {
      if (event.event !== 'load.progress' || event.payload.runId !== run.runId) return;
      completed += event.payload.completed;
      if (live) process.stderr.write(`\r\x1b[2K${formatProgressLine(event.payload, completed)}`);
    });
    const report = await run.finished;
    unsubscribe();
    process.removeListener('SIGINT', stopOnInterrupt);
    if (live) process.stderr.write('\r\x1b[2K');

    process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatLoadReport(report));
    if (report.status === 'failed') {
      if (args.json) printError(report.failure?.message ?? 'The load run failed.');
      return EXIT.connection;
    }
    return EXIT.ok;
  } finally {
    await engine.close();
  }
}
