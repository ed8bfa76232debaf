import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCollection } from './collection-files';
import type { NestScan } from './nest-source-import';
import { importNestProject, scanNestProject } from './nest-source-import';

let workFolder: string;
beforeEach(async () => {
  workFolder = await mkdtemp(join(tmpdir(), 'patchbay-nest-import-'));
});
afterEach(async () => {
  await rm(workFolder, { recursive: true, force: true });
});

/** A project of the given files (relative path → text) under the work folder. */
async function project(files: Record<string, string>): Promise<string> {
  const folder = join(workFolder, 'project');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  return folder;
}

function scanOf(folder: string): NestScan {
  const scan = scanNestProject(folder);
  if (!scan.ok) throw new Error(scan.error.message);
  return scan.value;
}

const DTO_SOURCE = `
import { IsEmail, IsEnum, IsInt, IsOptional, IsString, Min, MinLength, IsIn, ValidateNested, Type } from 'class-validator';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';

export enum Role { Admin = 'admin', Member = 'member' }
enum Level { Low, High }

class AddressDto {
  street: string;
  @IsInt() @Min(1000) zip: number;
}

interface Audit { createdAt: Date; by?: string | null }

class BaseDto { id: number; static registry = 1; }

export class CreateUserDto extends BaseDto {
  @IsEmail() email: string;
  @IsString() @MinLength(3) nickname: string;
  @IsInt() age?: number;
  active: boolean;
  role: Role;
  @IsEnum(Level) level: Level;
  @IsIn(['eu', 'us']) region: string;
  tags: string[];
  @IsEmail({}, { each: true }) contacts: string[];
  address: AddressDto;
  previous?: AddressDto[];
  @ValidateNested() @Type(() => AddressDto) billing: any;
  audit: Audit;
  kind: 'person' | 'company';
  meta: Record<string, number>;
  parent?: CreateUserDto;
  save(): void {}
}

@Controller()
export class UsersController {
  @MessagePattern('users.create')
  create(@Payload() dto: CreateUserDto) { return dto; }

  @MessagePattern('users.rename')
  rename(@Payload('name') name: string) { return name; }
}
`;

describe('payload templates', () => {
  it('fills a DTO: nested classes, arrays, optional fields, enums, class-validator hints and base classes', async () => {
    const scan = scanOf(await project({ 'src/users.controller.ts': DTO_SOURCE }));
    expect(scan.handlers.map((handler) => [handler.handler, handler.payloadType, handler.payloadTemplate])).toEqual([
      [
        'create',
        'CreateUserDto',
        {
          id: 0,
          email: 'user@example.com',
          nickname: 'xxx',
          age: 0,
          active: false,
          role: 'admin',
          level: 0,
          region: 'eu',
          tags: [''],
          contacts: ['user@example.com'],
          address: { street: '', zip: 1000 },
          previous: [{ street: '', zip: 1000 }],
          billing: { street: '', zip: 1000 },
          audit: { createdAt: '2024-01-01T00:00:00.000Z', by: '' },
          kind: 'person',
          meta: { key: 0 },
          parent: null,
        },
      ],
      ['rename', 'string', { name: '' }],
    ]);
    expect(scan.notes).toEqual([]);
  });

  it('takes the first parameter without @Payload, skips @Ctx, and unwraps gRPC streams', async () => {
    const scan = scanOf(
      await project({
        'src/a.controller.ts': `
type Point = { x: number; y: number };
export class AController {
  @EventPattern('moved') moved(@Ctx() context: unknown, point: Point) {}
  @GrpcStreamMethod('Map') route(points: Observable<Point>, metadata: Metadata) {}
  @MessagePattern('nothing') nothing() {}
  @MessagePattern('mystery') mystery(@Payload() data: Unknown) {}
}`,
      }),
    );
    expect(scan.handlers.map((handler) => [handler.handler, handler.kind, handler.payloadTemplate])).toEqual([
      ['moved', 'event', { x: 0, y: 0 }],
      ['route', 'grpc', { x: 0, y: 0 }],
      ['nothing', 'message', null],
      ['mystery', 'message', null],
    ]);
    expect(scan.notes).toEqual([{ file: 'src/a.controller.ts', line: 7, message: 'payload of AController.mystery: the type Unknown is not declared in the project\'s sources; its template is null' }]);
  });
});

describe('patterns', () => {
  it('reads strings, objects, consts in the file, imported consts and enums, and reports the rest', async () => {
    const scan = scanOf(
      await project({
        'src/patterns.ts': `export const PATTERNS = { sum: 'math.sum' } as const;\nexport enum Cmd { Max = 'max', Min = 'min' }\nexport const TOPIC = 'orders.topic';`,
        'src/math.controller.ts': `
import { MessagePattern, EventPattern, Transport } from '@nestjs/microservices';
import { PATTERNS, Cmd, TOPIC as ORDERS } from './patterns';
const LOCAL = { cmd: 'local', version: 2 };
function dynamic() { return 'x'; }

@Controller()
export class MathController {
  @MessagePattern('plain') plain() {}
  @MessagePattern({ cmd: 'sum', nested: { a: [1, true, null] } }) object() {}
  @MessagePattern(LOCAL) local() {}
  @MessagePattern(PATTERNS.sum) imported() {}
  @MessagePattern({ cmd: Cmd.Min }) enumMember() {}
  @EventPattern(ORDERS, Transport.KAFKA) topic() {}
  @MessagePattern(dynamic()) computed() {}
  @MessagePattern('tcp.only', Transport.TCP, { extra: 1 }) tcpOnly() {}
  @MessagePattern('with.extras', { extra: 1 }) extras() {}
}`,
        'src/math.controller.spec.ts': `class Spec { @MessagePattern('spec') spec() {} }`,
        'node_modules/lib/index.ts': `class Lib { @MessagePattern('lib') lib() {} }`,
        'dist/main.ts': `class Built { @MessagePattern('built') built() {} }`,
      }),
    );
    expect(scan.filesScanned).toBe(2);
    expect(scan.handlers.map((handler) => [handler.handler, handler.pattern, handler.patternRead, handler.transport, handler.line])).toEqual([
      ['plain', 'plain', true, undefined, 9],
      ['object', { cmd: 'sum', nested: { a: [1, true, null] } }, true, undefined, 10],
      ['local', { cmd: 'local', version: 2 }, true, undefined, 11],
      ['imported', 'math.sum', true, undefined, 12],
      ['enumMember', { cmd: 'min' }, true, undefined, 13],
      ['topic', 'orders.topic', true, 'KAFKA', 14],
      ['computed', 'dynamic()', false, undefined, 15],
      ['tcpOnly', 'tcp.only', true, 'TCP', 16],
      ['extras', 'with.extras', true, undefined, 17],
    ]);
    expect(scan.notes).toEqual([
      { file: 'src/math.controller.ts', line: 15, message: 'pattern of MathController.computed: dynamic() is not a literal, nor a const or enum it can follow; the request uses the source text as its pattern' },
    ]);
  });

  it('names gRPC services and methods as Nest does when the decorator leaves them out', async () => {
    const scan = scanOf(
      await project({
        'src/heroes.controller.ts': `
export class HeroesController {
  @GrpcMethod('HeroesService', 'FindOne') findOne(data: { id: number }) {}
  @GrpcMethod('HeroesService') findMany() {}
  @GrpcMethod() listAll() {}
  @GrpcStreamCall('HeroesService') bidi() {}
}`,
      }),
    );
    expect(scan.handlers.map((handler) => [handler.decorator, handler.grpc, handler.pattern])).toEqual([
      ['GrpcMethod', { service: 'HeroesService', method: 'FindOne' }, 'HeroesService/FindOne'],
      ['GrpcMethod', { service: 'HeroesService', method: 'FindMany' }, 'HeroesService/FindMany'],
      ['GrpcMethod', { service: 'HeroesController', method: 'ListAll' }, 'HeroesController/ListAll'],
      ['GrpcStreamCall', { service: 'HeroesService', method: 'Bidi' }, 'HeroesService/Bidi'],
    ]);
  });
});

const MAIN_SOURCE = `
import { join } from 'path';
import { NestFactory } from '@nestjs/core';
import { Transport, ClientsModule } from '@nestjs/microservices';

const REDIS_PORT = 6380;

async function bootstrap() {
  const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { host: '0.0.0.0', port: 4001 } });
  app.connectMicroservice({ transport: Transport.REDIS, options: { host: process.env.REDIS_HOST ?? 'redis.local', port: REDIS_PORT } });
  app.connectMicroservice({ transport: Transport.RMQ, options: { urls: ['amqp://guest:guest@localhost:5673'], queue: 'orders_queue' } });
  app.connectMicroservice({ transport: Transport.KAFKA, options: { client: { brokers: ['k1:9092', 'k2:9092'] } } });
  app.connectMicroservice({ transport: Transport.GRPC, options: { package: 'hero', protoPath: join(__dirname, 'hero/hero.proto'), url: process.env.GRPC_URL } });
  app.connectMicroservice({ transport: Transport.TCP, options: { port: Number(process.env.PORT) } });
}
ClientsModule.register([{ name: 'MATH', transport: Transport.TCP, options: { port: 9999 } }]);
const client = { transport: Transport.NATS, name: 'NATS_CLIENT' };
`;

describe('microservice options', () => {
  it('records each server transport with the option values it can read', async () => {
    const scan = scanOf(await project({ 'src/main.ts': MAIN_SOURCE }));
    const folder = join(workFolder, 'project');
    expect(scan.transports).toEqual([
      { file: 'src/main.ts', line: 9, transport: 'TCP', options: { host: { kind: 'literal', value: '0.0.0.0' }, port: { kind: 'literal', value: 4001 } } },
      {
        file: 'src/main.ts',
        line: 10,
        transport: 'REDIS',
        options: { host: { kind: 'fallback', value: 'redis.local', text: "process.env.REDIS_HOST ?? 'redis.local'" }, port: { kind: 'literal', value: 6380 } },
      },
      {
        file: 'src/main.ts',
        line: 11,
        transport: 'RMQ',
        options: { urls: { kind: 'literal', value: ['amqp://guest:guest@localhost:5673'] }, queue: { kind: 'literal', value: 'orders_queue' } },
      },
      { file: 'src/main.ts', line: 12, transport: 'KAFKA', options: { brokers: { kind: 'literal', value: ['k1:9092', 'k2:9092'] } } },
      {
        file: 'src/main.ts',
        line: 13,
        transport: 'GRPC',
        options: {
          package: { kind: 'literal', value: 'hero' },
          protoPath: { kind: 'literal', value: join(folder, 'src/hero/hero.proto') },
          url: { kind: 'unreadable', text: 'process.env.GRPC_URL' },
        },
      },
      { file: 'src/main.ts', line: 14, transport: 'TCP', options: { port: { kind: 'unreadable', text: 'Number(process.env.PORT)' } } },
    ]);
  });

  it('writes connections, local.yaml and one request per handler on the first non-gRPC transport', async () => {
    const folder = await project({
      'src/main.ts': MAIN_SOURCE,
      'src/orders.controller.ts': `
export class OrdersController {
  @MessagePattern({ cmd: 'get_order' }) get(@Payload() data: { id: number }) {}
  @EventPattern('order.created') created(data: { id: number; total?: number }) {}
  @MessagePattern('orders.kafka', Transport.KAFKA) kafkaOnly() {}
}
export class HeroController {
  @GrpcMethod('HeroService', 'FindOne') findOne(data: { id: number }) {}
}`,
    });
    const collectionRoot = join(workFolder, 'collection');
    const imported = await importNestProject(folder, collectionRoot, 'Orders');
    expect(imported).toEqual({
      ok: true,
      value: {
        root: collectionRoot,
        name: 'Orders',
        filesScanned: 2,
        handlers: 4,
        requests: 4,
        connections: ['tcp', 'redis', 'rabbitmq', 'kafka', 'grpc', 'tcp-2'],
        transports: 6,
        notes: [
          'src/main.ts:13: url of the GRPC transport: process.env.GRPC_URL is not a literal; {{grpcUrl}} in environments/local.yaml is Nest\'s default "localhost:5000"',
          "src/main.ts:14: port of the TCP transport: Number(process.env.PORT) is not a literal; {{tcp2Port}} in environments/local.yaml is Nest's default 3000",
        ],
      },
    });
    const read = (path: string) => readFile(join(collectionRoot, path), 'utf8');
    expect(await read('patchbay-collection.yaml')).toBe(
      [
        'patchbay: 1',
        'name: Orders',
        `description: Imported from the Nest sources in ${folder}.`,
        'connections:',
        '  tcp:',
        '    target: tcp://0.0.0.0:4001',
        '  redis:',
        '    target: redis://{{host}}:6380',
        '  rabbitmq:',
        '    target: amqp://guest:guest@localhost:5673?queue=orders_queue',
        '  kafka:',
        '    target: kafka://k1:9092,k2:9092',
        '  grpc:',
        '    target: grpc://{{grpcUrl}}?proto=../project/src/hero/hero.proto',
        '  tcp-2:',
        '    target: tcp://localhost:{{tcp2Port}}',
        '',
      ].join('\n'),
    );
    expect(await read('environments/local.yaml')).toBe(['variables:', '  host: redis.local', '  grpcUrl: localhost:5000', '  tcp2Port: 3000', ''].join('\n'));

    const loaded = await loadCollection(collectionRoot);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.problems).toEqual([]);
    expect(loaded.value.requests.map(({ path, request }) => ({ path, ...request }))).toEqual([
      {
        path: 'HeroController/findOne.yaml',
        connection: 'grpc',
        kind: 'send',
        pattern: 'hero.HeroService/FindOne',
        data: { id: 0 },
        capture: [],
        assert: [],
        description: 'HeroController.findOne (@GrpcMethod) in src/orders.controller.ts:8.',
      },
      {
        path: 'OrdersController/created.yaml',
        connection: 'tcp',
        kind: 'emit',
        pattern: 'order.created',
        data: { id: 0, total: 0 },
        capture: [],
        assert: [],
        description: 'OrdersController.created (@EventPattern) in src/orders.controller.ts:4. Also served over redis, rabbitmq, kafka, tcp-2.',
      },
      {
        path: 'OrdersController/get.yaml',
        connection: 'tcp',
        kind: 'send',
        pattern: { cmd: 'get_order' },
        data: { id: 0 },
        capture: [],
        assert: [],
        description: 'OrdersController.get (@MessagePattern) in src/orders.controller.ts:3. Also served over redis, rabbitmq, kafka, tcp-2.',
      },
      {
        path: 'OrdersController/kafkaOnly.yaml',
        connection: 'kafka',
        kind: 'send',
        pattern: 'orders.kafka',
        data: null,
        capture: [],
        assert: [],
        description: 'OrdersController.kafkaOnly (@MessagePattern) in src/orders.controller.ts:5.',
      },
    ]);
  });

  it("adds a connection on Nest's defaults when a project has handlers but no readable server options", async () => {
    const folder = await project({ 'src/app.controller.ts': `export class AppController { @MessagePattern('ping') ping() {} }` });
    const collectionRoot = join(workFolder, 'collection');
    const imported = await importNestProject(folder, collectionRoot);
    expect(imported.ok && imported.value.notes).toEqual(['src/app.controller.ts:1: AppController.ping: no non-gRPC transport options found; added the connection "tcp" on Nest\'s defaults']);
    expect(imported.ok && imported.value.name).toBe('project');
    expect(await readFile(join(collectionRoot, 'patchbay-collection.yaml'), 'utf8')).toContain('  tcp:\n    target: tcp://{{host}}:{{tcpPort}}\n');
    expect(await readFile(join(collectionRoot, 'environments/local.yaml'), 'utf8')).toBe('variables:\n  host: localhost\n  tcpPort: 3000\n');
  });
});

describe('refusals', () => {
  it('fails on a missing folder, a project without handlers and a collection folder that is not empty', async () => {
    const missing = join(workFolder, 'missing');
    expect(await importNestProject(missing, join(workFolder, 'out'))).toEqual({
      ok: false,
      error: { code: 'not-found', message: `${missing} is not a folder. Point at the Nest project's folder (the one holding src/).` },
    });
    const plain = await project({ 'src/index.ts': 'export const x = 1;', 'src/index.spec.ts': "class S { @MessagePattern('s') s() {} }" });
    const none = await importNestProject(plain, join(workFolder, 'out'));
    expect(none).toEqual({
      ok: false,
      error: {
        code: 'not-a-nest-project',
        message: `${plain} has no @nestjs/microservices handlers: searched 1 .ts file(s) for @MessagePattern, @EventPattern, @GrpcMethod, @GrpcStreamMethod and @GrpcStreamCall (node_modules, dist, *.d.ts, *.spec.ts and *.test.ts skipped). Point at the folder of a Nest microservice project.`,
      },
    });
    await writeFile(join(plain, 'src/app.controller.ts'), "class A { @MessagePattern('a') a() {} }");
    const occupied = join(workFolder, 'occupied');
    await mkdir(occupied);
    await writeFile(join(occupied, 'notes.txt'), 'mine');
    expect(await importNestProject(plain, occupied)).toEqual({
      ok: false,
      error: { code: 'already-exists', message: `${occupied} exists and is not an empty folder. Import into a new or empty folder.` },
    });
    expect(await readFile(join(occupied, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('the repo\'s Nest fixture app', () => {
  const fixture = resolve(import.meta.dirname, '../../../fixtures/nest/app');

  it('finds every handler with its pattern, kind and connection', async () => {
    const collectionRoot = join(workFolder, 'fixture-collection');
    const imported = await importNestProject(fixture, collectionRoot, 'fixture');
    expect(imported).toEqual({
      ok: true,
      value: {
        root: collectionRoot,
        name: 'fixture',
        filesScanned: 13,
        handlers: 43,
        requests: 43,
        connections: ['tcp', 'redis', 'rabbitmq', 'kafka', 'grpc'],
        transports: 5,
        notes: [
          "src/main.ts:36: port of the TCP transport: config.tcp.port is not a literal; {{tcpPort}} in environments/local.yaml is Nest's default 3000",
          "src/main.ts:41: port of the REDIS transport: config.redis.port is not a literal; {{redisPort}} in environments/local.yaml is Nest's default 6379",
          'src/main.ts:45: urls of the RMQ transport: [url] is not a literal; {{rabbitmqUrl}} in environments/local.yaml is Nest\'s default "amqp://localhost:5672"',
          'src/main.ts:51: brokers of the KAFKA transport: brokers is not a literal; {{kafkaBrokers}} in environments/local.yaml is Nest\'s default "localhost:9092"',
          'src/main.ts:58: url of the GRPC transport: url is not a literal; {{grpcUrl}} in environments/local.yaml is Nest\'s default "localhost:5000"',
        ],
      },
    });
    const loaded = await loadCollection(collectionRoot);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.problems).toEqual([]);
    expect(loaded.value.manifest.connections).toEqual({
      tcp: { target: 'tcp://{{host}}:{{tcpPort}}' },
      redis: { target: 'redis://{{host}}:{{redisPort}}' },
      rabbitmq: { target: '{{rabbitmqUrl}}?queue={{rabbitmqQueue}}' },
      kafka: { target: 'kafka://{{kafkaBrokers}}' },
      grpc: { target: `grpc://{{grpcUrl}}?proto=${relative(collectionRoot, join(fixture, 'proto/users.proto'))}` },
    });
    expect(loaded.value.environments).toEqual({
      local: {
        variables: { host: '127.0.0.1', tcpPort: 3000, redisPort: 6379, rabbitmqUrl: 'amqp://localhost:5672', rabbitmqQueue: 'patchbay_fixture', kafkaBrokers: 'localhost:9092', grpcUrl: 'localhost:5000' },
        secrets: [],
      },
    });
    const wire = ['sum', 'get_user', 'echo', 'stream', 'stream_slow', 'void', 'fail_string', 'fail_object', 'fail_error', 'slow', 'silent', 'version'];
    expect(loaded.value.requests.map(({ path, request }) => [path, request.connection, request.kind, request.pattern]).sort()).toEqual(
      [
        ['DomainController/createOrder.yaml', 'tcp', 'send', 'orders.create'],
        ['DomainController/createUser.yaml', 'tcp', 'send', 'users.create'],
        ['DomainController/getOrder.yaml', 'tcp', 'send', 'orders.get'],
        ['DomainController/userCreated.yaml', 'tcp', 'emit', 'user.created'],
        ...['getUser:GetUser', 'listUsers:ListUsers', 'createUsers:CreateUsers', 'echo:Echo', 'fail:Fail', 'chat:Chat'].map((pair) => {
          const [handler, method] = pair.split(':');
          return [`GrpcController/${handler}.yaml`, 'grpc', 'send', `users.UsersService/${method}`];
        }),
        ...['sum', 'getUser:get_user', 'echo', 'stream', 'streamSlow:stream_slow', 'void', 'failString:fail_string', 'failObject:fail_object', 'failError:fail_error', 'slow', 'version', 'events', 'eventsReset:events_reset'].map((pair) => {
          const [handler, pattern = handler] = pair.split(':');
          return [`KafkaController/${handler}.yaml`, 'tcp', 'send', pattern];
        }),
        ['KafkaController/orderPlaced.yaml', 'tcp', 'emit', 'order_placed'],
        ['KafkaController/probe.yaml', 'tcp', 'emit', 'patchbay.fixture.probe'],
        ['RmqController/properties.yaml', 'tcp', 'send', { cmd: 'rmq_properties' }],
        ...[...wire, 'events', 'events_reset'].map((cmd) => [`WireController/${camel(cmd)}.yaml`, 'tcp', 'send', { cmd }]),
        ['WireController/find.yaml', 'tcp', 'send', { role: 'user', cmd: 'find' }],
        ['WireController/nested.yaml', 'tcp', 'send', { cmd: 'nested', scope: { tenant: 'acme', region: 'eu' } }],
        ['WireController/orderPlaced.yaml', 'tcp', 'emit', { event: 'order_placed' }],
      ].sort(),
    );
    const data = Object.fromEntries(loaded.value.requests.map(({ path, request }) => [path, request.data]));
    expect(data['DomainController/createOrder.yaml']).toEqual({ userId: 0, items: [{ sku: '', qty: 0 }] });
    expect(data['WireController/sum.yaml']).toEqual([0]);
    expect(data['GrpcController/createUsers.yaml']).toEqual({ name: '', email: '' });
  });
});

const camel = (text: string) => text.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
