// Benchmark 4: the load runner (`patchbay bench`) against ghz on the gRPC fixture, same method,
// same concurrency, same number of requests, taking turns.
import type { NestService } from '../../fixtures/nest/start.mjs';
import { ensureGhz, GHZ_MODULE, runGhz } from './ghz-tool';
import { runPatchbayBench } from './patchbay-cli';
import type { BenchSection } from './report';
import { FIXTURE_PROTO } from './repo-paths';
import { alternate } from './rounds';
import { formatNumber, formatRatio, median, medianRatio } from './stats';

const CONCURRENCY = 100;

export async function runnerVsGhz({ rounds, service, scale, log, benchMissing }: { rounds: number; service: NestService; scale: number; log: (line: string) => void; benchMissing?: string }): Promise<BenchSection> {
  const requests = Math.round(12_000 * scale);
  const section: BenchSection = {
    title: '4. Load runner vs ghz',
    intro: `\`patchbay bench\` and ghz (${GHZ_MODULE.split('@')[1]}) on the Nest 12 gRPC fixture, \`users.UsersService/GetUser\` {id:1}, ${CONCURRENCY} concurrent over one connection, ${formatNumber(requests)} requests per run, ${rounds} rounds taking turns. Issue 5 sets no goal here: the ratio is reported.`,
    columns: ['tool', 'req/s (median)', 'ratio (Patchbay / ghz)', 'verdict'],
    rows: [],
    notes: [],
  };
  const ghz = await ensureGhz(log);
  if (!ghz.ok) {
    section.rows.push(['ghz', '–', 'not measured', 'not measured']);
    section.notes.push(ghz.error.message);
    return section;
  }
  if (ghz.value.installedNow) section.notes.push(`ghz was installed by this run (\`go install ${GHZ_MODULE}\`, ${Math.round(ghz.value.installSeconds ?? 0)} s).`);
  const grpc = service.grpc!;
  if (benchMissing) {
    section.rows.push(['patchbay bench vs ghz', '–', 'not measured', 'not measured']);
    section.notes.push(`Not measured: ${benchMissing}`);
    return section;
  }
  try {
    const results = await alternate(
      rounds,
      () => runGhz({ ghz: ghz.value.path, address: `127.0.0.1:${grpc.port}`, protoPath: FIXTURE_PROTO, call: 'users.UsersService/GetUser', data: { id: 1 }, concurrency: CONCURRENCY, requests }).then((figures) => figures.requestsPerSecond),
      () =>
        runPatchbayBench({ target: `grpc://127.0.0.1:${grpc.port}?proto=${encodeURIComponent(FIXTURE_PROTO)}`, pattern: 'users.UsersService/GetUser', data: '{"id":1}', concurrency: CONCURRENCY, requests }).then(
          (report) => report.throughputPerSecond,
        ),
    );
    const ratio = medianRatio(results.subject, results.anchor);
    section.rows.push(['ghz', formatNumber(median(results.anchor)), '–', '–'], ['patchbay bench', formatNumber(median(results.subject)), formatRatio(ratio), 'reported (no goal)']);
    section.notes.push(`Per round (Patchbay / ghz): ${results.subject.map((value, round) => formatRatio(value / results.anchor[round]!)).join(', ')}.`);
  } catch (error) {
    section.rows.push(['patchbay bench vs ghz', '–', 'not measured', 'not measured']);
    section.notes.push(`Not measured: ${(error as Error).message}`);
  }
  return section;
}
