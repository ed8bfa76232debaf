// The `patchbay` command: talk to Nest services from a terminal or a CI script.
// Exit codes: 0 success · 1 the service answered with an error · 2 usage or bad input ·
// 3 could not connect, connection lost, or timed out.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { sendCommand, emitCommand } from './message-commands';
import { webCommand } from './web-command';
import { describeCommand } from './describe-command';
import { mockCommand } from './mock-command';
import type { ListenArgs } from './listen-command';
import { listenCommand, positiveCount } from './listen-command';
import { EXIT } from './exit-codes';
import { MAX_FRAME_FLAG_HELP } from './max-frame';
import type { BenchArgs } from './bench-command';
import { benchCommand } from './bench-command';
import type { RunArgs } from './run-command';
import { DEFAULT_JUNIT_FILE, runCommand } from './run-command';
import { importNestCommand, importProtoCommand } from './import-command';
import type { SagaRunArgs } from './saga-command';
import { sagaRunCommand } from './saga-command';
import { installCrashRedaction } from '../core/crash-redaction';
import { urlPasswords } from '../../shared/redaction';

// First: a crash anywhere below prints a redacted report (URL passwords, tokens, secrets hidden).
const crash = installCrashRedaction(process, { name: 'patchbay' });
crash.hide(process.argv.flatMap(urlPasswords));

const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('Expected a positive whole number of milliseconds.');
  return parsed;
};
const wholeCount = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('Expected a positive whole number.');
  return parsed;
};
const positiveNumber = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('Expected a positive number (fractions allowed, e.g. 0.5).');
  return parsed;
};
const retryCount = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('Expected a whole number of retries, 0 or more, e.g. 2.');
  return parsed;
};
const wholeMs = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('Expected a whole number of milliseconds, 0 or more.');
  return parsed;
};
const portNumber = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('Expected a port from 0 to 65535 (0 picks a free one).');
  return parsed;
};

const program = new Command('patchbay')
  .description('Inspector and test client for NestJS microservices')
  .version(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version)
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

const messageOptions = (command: Command) =>
  command
    .argument('<target>', 'service URL, e.g. tcp://127.0.0.1:3000 or tcp+tls://host:port?ca=ca.pem')
    .argument('<pattern>', "message pattern: a string (users.create) or a JSON object ('{\"cmd\":\"sum\"}')")
    .argument('[data]', 'JSON payload (default {})')
    .option('--data-file <file>', 'read the JSON payload from a file, or - for stdin')
    .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(positiveInt).default(5000))
    .addOption(new Option('--max-frame <MiB>', MAX_FRAME_FLAG_HELP).argParser(positiveNumber));

messageOptions(program.command('send').description('send a request and print each reply value as one line of JSON'))
  .addOption(new Option('--timeout <ms>', 'give up waiting for the reply after this long').argParser(positiveInt).default(10_000))
  .option('--json', 'print one JSON envelope per reply part: {"ok":true,"response":…,"latencyMs":…}')
  .option('--stream', 'gRPC client-streaming and bidi: write each NDJSON line of --data-file as a message as it arrives; EOF ends the call (--timeout bounds the whole call)')
  .addOption(new Option('--retries <n>', 'send again up to N times after a failure (timeout, connection lost, breaker open) or an error reply; each attempt is printed on stderr').argParser(retryCount))
  .addOption(new Option('--retry-backoff <ms>', 'wait before the first retry (default 0)').argParser(wholeMs))
  .addOption(new Option('--retry-factor <f>', 'multiply the wait by this after each retry, e.g. 2 (default 1)').argParser(Number))
  .addOption(new Option('--retry-jitter <fraction>', 'move each wait by up to ± this share of itself, e.g. 0.2 for ±20 % (default 0)').argParser(Number))
  .addOption(new Option('--retry-max-backoff <ms>', 'never wait longer than this between attempts').argParser(positiveInt))
  .action(async (target: string, pattern: string, data: string | undefined, options) => {
    process.exitCode = await sendCommand({ target, pattern, data, ...options });
  });

messageOptions(program.command('emit').description('emit a fire-and-forget event; silent on success')).action(
  async (target: string, pattern: string, data: string | undefined, options) => {
    process.exitCode = await emitCommand({ target, pattern, data, ...options });
  },
);

messageOptions(
  program
    .command('bench')
    .description('send the same request many times, N in flight, and report throughput, latency percentiles, a histogram and errors by kind (exit 0 when the run ran, request errors included; 3 when it could not connect or lost the connection)'),
)
  .addOption(new Option('-c, --concurrency <n>', 'requests in flight at once').argParser(wholeCount).default(1))
  .addOption(new Option('-n, --requests <n>', 'stop after this many requests (or give --duration)').argParser(wholeCount))
  .addOption(new Option('--duration <s>', 'stop after this many seconds, e.g. 10 or 0.5 (or give --requests)').argParser(positiveNumber))
  .addOption(new Option('--rate <n>', 'start at most this many requests per second, evenly spaced').argParser(positiveNumber))
  .addOption(new Option('--timeout <ms>', 'count a request as a timeout error after this long').argParser(positiveInt).default(10_000))
  .addOption(new Option('--warmup <n>', 'first send this many requests, not counted (warms the connection, the service and the JIT)').argParser(wholeCount))
  .option('--json', 'print the report as one line of JSON (the LoadReport)')
  .action(async (target: string, pattern: string, data: string | undefined, options: Omit<BenchArgs, 'target' | 'pattern' | 'data'>) => {
    process.exitCode = await benchCommand({ target, pattern, data, ...options });
  });

program
  .command('describe')
  .description('list the packages, services and methods of a gRPC service, with their message shapes')
  .argument('<target>', 'gRPC URL: grpc://host:port?proto=users.proto[&import=DIR] (no proto: server reflection), or grpcs://…')
  .option('--json', 'print the description as JSON, with a request template per method')
  .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(positiveInt).default(5000))
  .action(async (target: string, options: { json?: boolean; connectTimeout: number }) => {
    process.exitCode = await describeCommand({ target, ...options });
  });

program
  .command('listen')
  .description('print each message seen on channels, topics, an exchange or a gRPC stream as one NDJSON line, taking nothing from the services')
  .argument('<target>', 'redis://…, kafka://…, amqp://…?exchange=X[&routingKey=K], or grpc://…?proto=…')
  .argument('[names...]', 'Redis channels or globs; Kafka topics or /regex/; RabbitMQ routing keys; a gRPC package.Service/Method')
  .option('--from-beginning', 'Kafka: read the topics from their earliest offset')
  .option('--tap', "also watch each channel's or topic's .reply and join replies to requests (latencyMs)")
  .option('--compete', 'RabbitMQ: consume the queue itself, taking messages from the service')
  .option('--data <json>', 'gRPC: the request message of the stream')
  .addOption(new Option('--count <n>', 'exit 0 after this many messages').argParser(positiveCount))
  .addOption(new Option('--timeout <ms>', 'stop after this long; exit 3 if fewer than --count messages came').argParser(positiveInt))
  .addOption(new Option('--connect-timeout <ms>', 'give up connecting after this long').argParser(positiveInt).default(5000))
  .action(async (target: string, names: string[], options: Omit<ListenArgs, 'target' | 'names'>) => {
    process.exitCode = await listenCommand({ target, names, ...options });
  });

program
  .command('mock')
  .description('serve a mock Nest service that answers by a rule file; prints one NDJSON line per request or event until Ctrl-C')
  .argument('<target>', 'where to listen: tcp://127.0.0.1:3000 (port 0 picks a free one), tcp+tls://…?cert=…&key=…[&ca=…], grpc://127.0.0.1:5000?proto=users.proto')
  .requiredOption('--rules <file>', 'the rule file (JSON), e.g. fixtures/mocks/users.mock.json')
  .addOption(new Option('--max-frame <MiB>', 'TCP: drop clients sending frames over this many MiB (default 64; the same as ?maxFrameMiB= in the URL)').argParser(positiveNumber))
  .action(async (target: string, options: { rules: string; maxFrame?: number }) => {
    process.exitCode = await mockCommand({ target, rules: options.rules, maxFrame: options.maxFrame });
  });

const collect = (value: string, previous: string[]) => [...previous, value];

program
  .command('run')
  .description('run the requests of a collection in order, with their captures and assertions (exit 0 all passed, 1 an assertion failed, 2 usage or collection problems, 3 a connection failed)')
  .argument('<collection>', 'the collection folder (holding patchbay-collection.yaml)')
  .option('--env <name>', 'the environment whose variables and secrets fill {{placeholders}}')
  .option('--var <name=value>', 'set a variable, above every other scope (repeatable; JSON values keep their type: --var id=42)', collect, [])
  .option('--folder <path>', 'run only the requests in this folder and below, e.g. users or users/admin')
  .addOption(new Option('--iterations <n>', 'run the requests this many times').argParser(wholeCount).default(1))
  .option('--bail', 'stop after the first failed or errored request; the rest are reported as skipped')
  .option('--reporter <names>', 'cli, json (the report on stdout) and/or junit, comma-separated (repeatable)', collect, [])
  .option('--reporter-junit-export <file>', `where the junit reporter writes (implies it; default ${DEFAULT_JUNIT_FILE})`)
  .addOption(new Option('--timeout <ms>', 'request timeout for requests and connections that set none').argParser(positiveInt).default(10_000))
  .addOption(new Option('--connect-timeout <ms>', 'connect timeout for connections that set none').argParser(positiveInt).default(5000))
  .action(async (collection: string, options: Omit<RunArgs, 'collection'>) => {
    process.exitCode = await runCommand({ collection, ...options, crash, reporter: options.reporter.length > 0 ? options.reporter : ['cli'] });
  });

const sagaCommand = program.command('saga').description('sagas: multi-step flows across services, with compensations when a step fails');
sagaCommand
  .command('run')
  .description('run a saga\'s steps in order; when one fails, compensate the completed steps in reverse order (exit 0 completed, 1 a step failed after compensating, 2 usage or file problems, 3 a connection failed)')
  .argument('<file>', 'the saga file (*.saga.yaml) inside a collection folder; the collection\'s connections and environments are its')
  .option('--env <name>', 'the environment whose variables and secrets fill {{placeholders}}')
  .option('--var <name=value>', 'set a variable, above every other scope (repeatable; JSON values keep their type: --var id=42)', collect, [])
  .option('--fail-at <step[:timeout|:error]>', 'make this step fail without sending it (no answer, a timeout, or an error reply) to exercise the compensations')
  .option('--json', 'print the report as one line of JSON (the SagaRunReport) instead of the timeline')
  .addOption(new Option('--timeout <ms>', 'request timeout for steps and connections that set none').argParser(positiveInt).default(10_000))
  .addOption(new Option('--connect-timeout <ms>', 'connect timeout for connections that set none').argParser(positiveInt).default(5000))
  .action(async (file: string, options: Omit<SagaRunArgs, 'file'>) => {
    process.exitCode = await sagaRunCommand({ file, ...options, crash });
  });

const importCommand = program.command('import').description('start or extend a collection from another source');
importCommand
  .command('proto')
  .description('add one request per gRPC method of a .proto to a collection, created if the folder has none (existing request files are left alone)')
  .argument('<proto-file>', 'the .proto with the service definitions')
  .argument('<collection-folder>', 'the collection (holding patchbay-collection.yaml), or a new folder')
  .option('--connection <name>', 'the collection\'s gRPC connection the requests use; added when missing', 'grpc')
  .option('--target <url>', 'the target of an added connection (default grpc://127.0.0.1:50051?proto=<the .proto>)')
  .option('--folder <path>', 'a folder of the collection to put the requests in')
  .option('--name <name>', 'the name of a new collection (default: the .proto\'s file name)')
  .option('--include <dir>', 'an import path for the .proto\'s imports (repeatable)', collect, [])
  .action(async (protoFile: string, collectionFolder: string, options: { connection: string; target?: string; folder?: string; name?: string; include: string[] }) => {
    const { include, ...rest } = options;
    process.exitCode = await importProtoCommand({ protoFile, collectionFolder, ...rest, includeDirs: include });
  });
importCommand
  .command('nest')
  .description('read a NestJS project\'s sources and write a collection with one request per handler (exit 0 written, 2 usage: no folder, no handlers, target not empty)')
  .argument('<project-folder>', 'the Nest project (its .ts sources are read, never run; node_modules and dist skipped)')
  .argument('<collection-folder>', 'a new or empty folder for the collection')
  .option('--name <name>', 'the collection\'s name (default: the project folder\'s name)')
  .action(async (projectFolder: string, collectionFolder: string, options: { name?: string }) => {
    process.exitCode = await importNestCommand({ projectFolder, collectionFolder, ...options });
  });

program
  .command('web')
  .description('serve the Patchbay UI in your browser (local only, guarded by a random token)')
  .addOption(new Option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)').argParser(portNumber).default(0))
  .option('--open', 'open the UI in the default browser')
  .addOption(new Option('--traffic-entries <n>', 'how many entries the traffic log keeps before evicting the oldest').argParser(wholeCount).default(100_000))
  .option('--data-dir <folder>', 'where history and drafts are kept (default: $PATCHBAY_DATA_DIR, else $XDG_DATA_HOME/patchbay or ~/.local/share/patchbay; ~/Library/Application Support/Patchbay on macOS; %APPDATA%\\Patchbay on Windows)')
  .action(async (options: { port: number; open?: boolean; trafficEntries: number; dataDir?: string }) => {
    await webCommand({ ...options, crash });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const informational = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    process.exitCode = informational ? EXIT.ok : EXIT.usage;
  } else {
    throw error;
  }
}
