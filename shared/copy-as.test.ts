import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from './connection';
import { connectionTargetSchema } from './connection';
import type { CopyableRequest, CopyFormat } from './copy-as';
import { copyFormatsFor, copyRequestAs, jsString, shellQuote } from './copy-as';

const target = (fields: Record<string, unknown>): ConnectionTarget => connectionTargetSchema.parse(fields);
const PACKET_ID = 'f00dcafe0123456789abc';

function copied(format: CopyFormat, request: Partial<CopyableRequest> & Pick<CopyableRequest, 'target'>): string {
  const result = copyRequestAs(format, { kind: 'send', pattern: { cmd: 'sum' }, data: [1, 2, 3], packetId: PACKET_ID, ...request });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Reads one POSIX shell word back, as sh does for the quoting shellQuote uses. */
function readShellWord(word: string): string {
  let text = '';
  for (let index = 0; index < word.length; index++) {
    const char = word[index]!;
    if (char === "'") {
      const end = word.indexOf("'", index + 1);
      text += word.slice(index + 1, end);
      index = end;
    } else if (char === '\\') text += word[++index];
    else text += char;
  }
  return text;
}

describe('shellQuote', () => {
  it.each([
    ['users.create', 'users.create'],
    ['127.0.0.1:9092,k2:9092', '127.0.0.1:9092,k2:9092'],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['a b $HOME `x` "q"', '\'a b $HOME `x` "q"\''],
    ['line 1\nline 2', "'line 1\nline 2'"],
    ['héllo ✓ 😀', "'héllo ✓ 😀'"],
    ["''", "''\\'''\\'''"],
    ['~', "'~'"],
    ['*', "'*'"],
  ])('quotes %j as %s', (text, word) => {
    expect(shellQuote(text)).toBe(word);
  });

  it('gives back any text as one word', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(readShellWord(shellQuote(text))).toBe(text);
      }), { numRuns: 500 });
  });
});

describe('jsString', () => {
  it('escapes quotes, backslashes, control characters and line separators', () => {
    expect(jsString("O'Brien \\ \n\t\u0001\u2028 é")).toBe("'O\\'Brien \\\\ \\n\\t\\u0001\\u2028 é'");
  });
});

describe('copyFormatsFor', () => {
  it('offers each transport the formats that can carry its messages', () => {
    expect(Object.fromEntries((['tcp', 'redis', 'rmq', 'kafka', 'grpc'] as const).map((kind) => [kind, copyFormatsFor(kind)]))).toEqual({
      tcp: ['nest-client', 'patchbay-cli'],
      redis: ['nest-client', 'redis-cli', 'patchbay-cli'],
      rmq: ['nest-client', 'patchbay-cli'],
      kafka: ['nest-client', 'kcat', 'patchbay-cli'],
      grpc: ['nest-client', 'grpcurl', 'patchbay-cli'],
    });
  });
});

describe('TCP', () => {
  const tcp = target({ kind: 'tcp', host: '127.0.0.1', port: 3001 });

  it('writes a ClientProxy send', () => {
    expect(copied('nest-client', { target: tcp })).toBe(`import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

const client = ClientProxyFactory.create({
  transport: Transport.TCP,
  options: { host: '127.0.0.1', port: 3001 },
});

try {
  const reply = await lastValueFrom(client.send({ cmd: 'sum' }, [1, 2, 3]));
  console.log(reply);
} finally {
  await client.close();
}
`);
  });

  it('writes a ClientProxy emit, breaking a long payload over lines', () => {
    const snippet = copied('nest-client', { target: tcp, kind: 'emit', pattern: 'user.created', data: { id: 7, name: "O'Brien", tags: ['admin', 'ops'], 'e-mail': 'o@x.io' } });
    expect(snippet.split('\n').slice(8, 16).join('\n')).toBe(`try {
  await lastValueFrom(client.emit('user.created', {
    id: 7,
    name: 'O\\'Brien',
    tags: ['admin', 'ops'],
    'e-mail': 'o@x.io',
  }));
} finally {`);
  });

  it('reads TLS material from files, never from the snippet', () => {
    const secure = target({ kind: 'tcp', host: 'svc', port: 3443, tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', servername: 'api.local', rejectUnauthorized: false } });
    expect(copied('nest-client', { target: secure })).toBe(`import { readFileSync } from 'node:fs';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

const client = ClientProxyFactory.create({
  transport: Transport.TCP,
  options: {
    host: 'svc',
    port: 3443,
    tlsOptions: {
      ca: readFileSync('ca.pem'),
      cert: readFileSync('client.pem'),
      key: readFileSync('client.key'),
      servername: 'api.local',
      rejectUnauthorized: false,
    },
  },
});

try {
  const reply = await lastValueFrom(client.send({ cmd: 'sum' }, [1, 2, 3]));
  console.log(reply);
} finally {
  await client.close();
}
`);
    expect(copied('patchbay-cli', { target: secure })).toBe(`# The URL reads TLS files from the current folder: ca.pem, client.pem, client.key
npx patchbay send 'tcp+tls://svc:3443?ca=ca.pem&cert=client.pem&key=client.key&servername=api.local&insecure=1' '{"cmd":"sum"}' '[1,2,3]'`);
  });

  it('writes the Patchbay CLI line with string and object patterns', () => {
    expect(copied('patchbay-cli', { target: tcp })).toBe(`npx patchbay send tcp://127.0.0.1:3001 '{"cmd":"sum"}' '[1,2,3]'`);
    expect(copied('patchbay-cli', { target: tcp, retry: { count: 2, backoffMs: 100, factor: 2, jitter: 0.2 } })).toBe(
      `npx patchbay send tcp://127.0.0.1:3001 '{"cmd":"sum"}' '[1,2,3]' --retries 2 --retry-backoff 100 --retry-factor 2 --retry-jitter 0.2`,
    );
    expect(copied('patchbay-cli', { target: tcp, kind: 'emit', retry: { count: 2 } })).toBe(`npx patchbay emit tcp://127.0.0.1:3001 '{"cmd":"sum"}' '[1,2,3]'`);
    expect(copied('patchbay-cli', { target: tcp, kind: 'emit', pattern: 'user.created', data: { id: 7 } })).toBe(`npx patchbay emit tcp://127.0.0.1:3001 user.created '{"id":7}'`);
  });

  it('quotes quotes, spaces, $, line breaks and non-ASCII for the shell', () => {
    const data = { note: "it's $HOME\nnext line", name: 'Zoë 😀' };
    expect(copied('patchbay-cli', { target: tcp, pattern: 'say hi', data })).toBe(`npx patchbay send tcp://127.0.0.1:3001 'say hi' '{"note":"it'\\''s $HOME\\nnext line","name":"Zoë 😀"}'`);
  });
});

describe('Redis', () => {
  const redis = target({ kind: 'redis', host: '127.0.0.1', port: 6379 });

  it('publishes the packet on the normalized channel, with the SUBSCRIBE for replies', () => {
    expect(copied('redis-cli', { target: redis, pattern: { cmd: 'sum', b: 1 } })).toBe(`# Replies go to {"b":1,"cmd":"sum"}.reply; watch it first with: redis-cli -h 127.0.0.1 -p 6379 SUBSCRIBE '{"b":1,"cmd":"sum"}.reply'
redis-cli -h 127.0.0.1 -p 6379 PUBLISH '{"b":1,"cmd":"sum"}' '{"pattern":{"cmd":"sum","b":1},"data":[1,2,3],"id":"f00dcafe0123456789abc"}'`);
  });

  it('publishes an event without an id', () => {
    expect(copied('redis-cli', { target: redis, kind: 'emit', pattern: 'user.created', data: { note: "it's\n$x" } })).toBe(
      `redis-cli -h 127.0.0.1 -p 6379 PUBLISH user.created '{"pattern":"user.created","data":{"note":"it'\\''s\\n$x"}}'`,
    );
  });

  it('takes the password from the environment and TLS from files', () => {
    const secure = target({ kind: 'redis', host: 'cache', port: 6380, username: 'app', password: 's3cr3t', db: 2, tls: { ca: 'CA PEM', servername: 'cache.local' } });
    expect(copied('redis-cli', { target: secure, kind: 'emit', pattern: 'ping' })).toBe(
      `redis-cli -h cache -p 6380 --user app -a "$REDIS_PASSWORD" --no-auth-warning --tls --cacert ca.pem --sni cache.local PUBLISH ping '{"pattern":"ping","data":[1,2,3]}'`,
    );
    expect(copied('nest-client', { target: secure }).split('\n').slice(4, 16).join('\n')).toBe(`const client = ClientProxyFactory.create({
  transport: Transport.REDIS,
  options: {
    host: 'cache',
    port: 6380,
    username: 'app',
    password: process.env.REDIS_PASSWORD,
    tls: { ca: readFileSync('ca.pem'), servername: 'cache.local' },
  },
});

try {`);
    expect(copied('patchbay-cli', { target: secure })).toBe(`# The URL reads TLS files from the current folder: ca.pem
npx patchbay send 'rediss://app:<password>@cache:6380/2?ca=ca.pem&servername=cache.local' '{"cmd":"sum"}' '[1,2,3]'`);
  });
});

describe('RabbitMQ', () => {
  it('writes urls, queue and queue options, and headers through RmqRecordBuilder', () => {
    const rmq = target({ kind: 'rmq', host: 'mq', port: 5672, queue: 'users', queueOptions: { durable: false } });
    expect(copied('nest-client', { target: rmq, headers: { 'x-trace': 'abc' } })).toBe(`import { ClientProxyFactory, RmqRecordBuilder, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

const client = ClientProxyFactory.create({
  transport: Transport.RMQ,
  options: {
    urls: ['amqp://mq:5672'],
    queue: 'users',
    queueOptions: { durable: false },
  },
});
const record = new RmqRecordBuilder([1, 2, 3])
  .setOptions({ headers: { 'x-trace': 'abc' } })
  .build();

try {
  const reply = await lastValueFrom(client.send({ cmd: 'sum' }, record));
  console.log(reply);
} finally {
  await client.close();
}
`);
    expect(copied('patchbay-cli', { target: rmq, headers: { 'x-trace': 'abc' } })).toBe(`# The Patchbay CLI sends no headers; left out: x-trace
npx patchbay send 'amqp://mq:5672?queue=users&durable=0' '{"cmd":"sum"}' '[1,2,3]'`);
  });

  it('puts the password in the URL from the environment, with the exchange options', () => {
    const rmq = target({ kind: 'rmq', host: 'mq', port: 5671, vhost: 'prod', username: 'app', password: 's3cr3t', queue: 'orders', exchange: 'ex', exchangeType: 'topic', routingKey: 'orders.#', wildcards: true, persistent: true, tls: { ca: 'CA PEM' } });
    expect(copied('nest-client', { target: rmq, kind: 'emit' }).split('\n').slice(4, 19).join('\n')).toBe(`const client = ClientProxyFactory.create({
  transport: Transport.RMQ,
  options: {
    urls: [
      \`amqps://app:\${encodeURIComponent(process.env.RABBITMQ_PASSWORD ?? '')}@mq:5671/prod\`,
    ],
    queue: 'orders',
    persistent: true,
    exchange: 'ex',
    exchangeType: 'topic',
    routingKey: 'orders.#',
    wildcards: true,
    socketOptions: { connectionOptions: { ca: [readFileSync('ca.pem')] } },
  },
});`);
  });
});

describe('Kafka', () => {
  const kafka = target({ kind: 'kafka', brokers: ['127.0.0.1:9092'] });

  it('subscribes to the reply topic before a ClientKafka send', () => {
    expect(copied('nest-client', { target: kafka, pattern: 'orders.get', data: { id: 1 }, headers: { 'x-trace': 'abc' } })).toBe(`import { ClientKafka, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

const client = ClientProxyFactory.create({
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'patchbay', brokers: ['127.0.0.1:9092'] },
    consumer: { groupId: 'patchbay' },
  },
}) as ClientKafka;
client.subscribeToResponseOf('orders.get');
await client.connect();

try {
  const reply = await lastValueFrom(client.send('orders.get', {
    value: { id: 1 },
    headers: { 'x-trace': 'abc' },
  }));
  console.log(reply);
} finally {
  await client.close();
}
`);
  });

  it('emits from a producer-only client', () => {
    expect(copied('nest-client', { target: kafka, kind: 'emit', pattern: 'orders.created', data: { id: 1 } }).split('\n').slice(3, 14).join('\n')).toBe(`const client = ClientProxyFactory.create({
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'patchbay', brokers: ['127.0.0.1:9092'] },
    producerOnlyMode: true,
  },
});

try {
  await lastValueFrom(client.emit('orders.created', { id: 1 }));
} finally {`);
  });

  it('produces a send with Nest\'s correlation and reply headers, and says where replies go', () => {
    expect(copied('kcat', { target: kafka, pattern: 'orders.get', data: { id: 1, note: "it's $x" }, headers: { 'x-trace': 'a b' } })).toBe(
      `# Nest replies to orders.get.reply, partition 0; watch it with: kcat -b 127.0.0.1:9092 -t orders.get.reply -C -o end -f '%h %s\\n'
printf '%s\\n' '{"id":1,"note":"it'\\''s $x"}' | kcat -b 127.0.0.1:9092 -t orders.get -P -H 'x-trace=a b' -H kafka_correlationId=f00dcafe0123456789abc -H kafka_replyTopic=orders.get.reply -H kafka_replyPartition=0`,
    );
  });

  it('produces an event as Nest serializes it: strings raw, {key, value} as a keyed message', () => {
    expect(copied('kcat', { target: kafka, kind: 'emit', pattern: 'orders.created', data: 'plain text' })).toBe(`printf '%s\\n' 'plain text' | kcat -b 127.0.0.1:9092 -t orders.created -P`);
    expect(copied('kcat', { target: kafka, kind: 'emit', pattern: 'orders.created', data: { key: 'o-1', value: { id: 1 } } })).toBe(
      `printf '%s\\n' '{"id":1}' | kcat -b 127.0.0.1:9092 -t orders.created -P -k o-1`,
    );
  });

  it('ends a value holding a line break with 0x1E, so kcat keeps it one message', () => {
    expect(copied('kcat', { target: kafka, kind: 'emit', pattern: 'notes', data: 'line 1\nline 2' })).toBe(`printf '%s\\036' 'line 1\nline 2' | kcat -b 127.0.0.1:9092 -t notes -P -D '\\x1e'`);
  });

  it('configures SASL and TLS without writing the password', () => {
    const secure = target({ kind: 'kafka', brokers: ['k1:9093', 'k2:9093'], clientId: 'orders-app', tls: { ca: 'CA PEM', rejectUnauthorized: false }, sasl: { mechanism: 'scram-sha-256', username: 'app', password: 's3cr3t' } });
    expect(copied('kcat', { target: secure, kind: 'emit', pattern: 'orders.created', data: {} })).toBe(
      `printf '%s\\n' '{}' | kcat -b k1:9093,k2:9093 -X security.protocol=SASL_SSL -X ssl.ca.location=ca.pem -X enable.ssl.certificate.verification=false -X sasl.mechanisms=SCRAM-SHA-256 -X sasl.username=app -X sasl.password="$KAFKA_PASSWORD" -t orders.created -P`,
    );
    expect(copied('nest-client', { target: secure, kind: 'emit', pattern: 'orders.created', data: {} }).split('\n').slice(6, 20).join('\n')).toBe(`  options: {
    client: {
      clientId: 'orders-app',
      brokers: ['k1:9093', 'k2:9093'],
      ssl: { ca: [readFileSync('ca.pem')], rejectUnauthorized: false },
      sasl: {
        mechanism: 'scram-sha-256',
        username: 'app',
        password: process.env.KAFKA_PASSWORD ?? '',
      },
    },
    producerOnlyMode: true,
  },
});`);
    expect(copied('patchbay-cli', { target: secure, pattern: 'orders.get', data: {} })).toBe(`# The URL reads TLS files from the current folder: ca.pem
npx patchbay send 'kafkas://k1:9093,k2:9093?clientId=orders-app&sasl=scram-sha-256&username=app&ca=ca.pem&insecure=1&password=<password>' orders.get '{}'`);
  });

  it('refuses an object pattern, which is no topic', () => {
    expect(copyRequestAs('kcat', { target: kafka, kind: 'send', pattern: { cmd: 'sum' }, data: {}, packetId: PACKET_ID })).toEqual({
      ok: false,
      error: { code: 'invalid-pattern', message: "Kafka topics are strings: an object pattern is not a topic. Use the handler's string pattern, e.g. orders.created." },
    });
  });
});

describe('gRPC', () => {
  const grpc = target({ kind: 'grpc', host: '127.0.0.1', port: 5000, protoFiles: ['/work/protos/users.proto'], includeDirs: ['/work/protos/include'] });
  const request = { target: grpc, pattern: 'users.UsersService/FindOne', data: { id: 1 }, headers: { authorization: 'Bearer t' } };

  it('calls the method through getService, with metadata', () => {
    expect(copied('nest-client', request)).toBe(`import { Metadata } from '@grpc/grpc-js';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom, type Observable } from 'rxjs';

interface UsersService {
  FindOne(request: object, metadata?: Metadata): Observable<unknown>;
}

const client = ClientProxyFactory.create({
  transport: Transport.GRPC,
  options: {
    package: 'users',
    protoPath: '/work/protos/users.proto',
    url: '127.0.0.1:5000',
    loader: { includeDirs: ['/work/protos/include'] },
  },
});
const usersService = client.getService<UsersService>('UsersService');
const metadata = new Metadata();
metadata.set('authorization', 'Bearer t');

try {
  const reply = await lastValueFrom(usersService.FindOne({ id: 1 }, metadata));
  console.log(reply);
} finally {
  await client.close();
}
`);
  });

  it('writes grpcurl with the proto files, metadata and JSON data', () => {
    expect(copied('grpcurl', { ...request, data: { name: "O'Brien $x" } })).toBe(
      `grpcurl -plaintext -import-path /work/protos/include -import-path /work/protos -proto users.proto -H 'authorization: Bearer t' -d '{"name":"O'\\''Brien $x"}' 127.0.0.1:5000 users.UsersService/FindOne`,
    );
  });

  it('uses reflection and TLS flags when the connection has no proto files', () => {
    const secure = target({ kind: 'grpc', host: 'api', port: 443, tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', servername: 'api.local' }, loader: { keepCase: true, longs: 'String' } });
    expect(copied('grpcurl', { target: secure, pattern: 'users.UsersService/FindOne', data: {} })).toBe(
      `grpcurl -cacert ca.pem -cert client.pem -key client.key -servername api.local -d '{}' api:443 users.UsersService/FindOne`,
    );
    expect(copied('nest-client', { target: secure, pattern: 'users.UsersService/FindOne', data: {} }).split('\n').slice(0, 23).join('\n')).toBe(`import { readFileSync } from 'node:fs';
import { credentials, Metadata } from '@grpc/grpc-js';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom, type Observable } from 'rxjs';

// The connection reads the schema by server reflection; Nest's client needs the .proto: save it as users.proto.
interface UsersService {
  FindOne(request: object, metadata?: Metadata): Observable<unknown>;
}

const client = ClientProxyFactory.create({
  transport: Transport.GRPC,
  options: {
    package: 'users',
    protoPath: 'users.proto',
    url: 'api:443',
    loader: { keepCase: true, longs: String },
    credentials: credentials.createSsl(readFileSync('ca.pem'), readFileSync('client.key'), readFileSync('client.pem')),
    channelOptions: { 'grpc.ssl_target_name_override': 'api.local' },
  },
});
const usersService = client.getService<UsersService>('UsersService');
const metadata = new Metadata();`);
  });

  it('writes the Patchbay CLI call with the proto files in the URL', () => {
    expect(copied('patchbay-cli', request)).toBe(`# The Patchbay CLI sends no headers; left out: authorization
npx patchbay send 'grpc://127.0.0.1:5000?proto=/work/protos/users.proto&import=/work/protos/include' users.UsersService/FindOne '{"id":1}'`);
  });

  it('refuses events and patterns that name no method', () => {
    expect(copyRequestAs('grpcurl', { ...request, kind: 'emit', packetId: PACKET_ID })).toEqual({ ok: false, error: { code: 'unsupported-format', message: 'gRPC has no events: copy the request as a call instead.' } });
    expect(copyRequestAs('grpcurl', { ...request, pattern: 'FindOne', kind: 'send', packetId: PACKET_ID })).toEqual({
      ok: false,
      error: { code: 'invalid-pattern', message: 'A gRPC call names its method as package.Service/Method, e.g. users.UsersService/FindOne; got "FindOne".' },
    });
  });
});

describe('every format', () => {
  it('refuses a format the transport cannot carry', () => {
    expect(copyRequestAs('kcat', { target: target({ kind: 'tcp', host: 'h', port: 1 }), kind: 'send', pattern: 'x', data: {}, packetId: PACKET_ID })).toEqual({
      ok: false,
      error: { code: 'unsupported-format', message: 'kcat cannot carry a tcp message.' },
    });
  });

  it('never writes a password or TLS material', () => {
    const secrets = ['s3cr3t-password', 'PRIVATE KEY PEM', 'CA PEM TEXT', 'CERT PEM TEXT'];
    const tls = { ca: 'CA PEM TEXT', cert: 'CERT PEM TEXT', key: 'PRIVATE KEY PEM' };
    const targets = [
      target({ kind: 'tcp', host: 'h', port: 1, tls }),
      target({ kind: 'redis', host: 'h', port: 1, password: secrets[0], tls }),
      target({ kind: 'rmq', host: 'h', port: 1, username: 'u', password: secrets[0], tls }),
      target({ kind: 'kafka', brokers: ['h:1'], sasl: { mechanism: 'plain', username: 'u', password: secrets[0] }, tls }),
      target({ kind: 'grpc', host: 'h', port: 1, tls }),
    ];
    const outputs = targets.flatMap((secret) =>
      copyFormatsFor(secret.kind).flatMap((format) => (['send', 'emit'] as const).map((kind) => copyRequestAs(format, { target: secret, kind, pattern: secret.kind === 'grpc' ? 'p.S/M' : 'topic', data: {}, packetId: PACKET_ID }))),
    );
    expect(outputs).toHaveLength(26);
    const texts = outputs.flatMap((output) => (output.ok ? [output.value] : []));
    expect(texts).toHaveLength(23);
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
