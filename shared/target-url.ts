// A connection target written back as the URL the CLI parses (electron/core/transports/target-url.ts).
// A URL names TLS files rather than holding PEM text, so TLS material is written as the files
// `ca.pem`, `client.pem` and `client.key`; RabbitMQ queue options other than durable, exclusive
// and autoDelete, and gRPC loader options, have no URL form and are left out.
import type { ConnectionTarget, TlsOptions } from './connection';

export const TLS_FILE_NAMES = { ca: 'ca.pem', cert: 'client.pem', key: 'client.key' } as const;

/** What a hidden password is written as. */
export const PASSWORD_PLACEHOLDER = '<password>';

export type TargetUrlOptions = {
  /** Write passwords as `<password>`, for URLs that are shown or copied. */
  hidePasswords?: boolean;
};

type QueryPair = [name: string, value: string];

export function targetToUrl(target: ConnectionTarget, options: TargetUrlOptions = {}): string {
  const password = (text: string) => (options.hidePasswords ? PASSWORD_PLACEHOLDER : encodeURIComponent(text));
  switch (target.kind) {
    case 'tcp':
      return withQuery(`${target.tls ? 'tcp+tls' : 'tcp'}://${authority(target.host, target.port)}`, [
        ...(target.maxFrameMiB !== undefined ? [['maxFrameMiB', String(target.maxFrameMiB)] as QueryPair] : []),
        ...tlsQuery(target.tls),
      ]);
    case 'grpc':
      return withQuery(`${target.tls ? 'grpcs' : 'grpc'}://${authority(target.host, target.port)}`, [
        ...target.protoFiles.map((file): QueryPair => ['proto', file]),
        ...target.includeDirs.map((dir): QueryPair => ['import', dir]),
        ...tlsQuery(target.tls),
      ]);
    case 'redis': {
      const user = target.username ? encodeURIComponent(target.username) : '';
      const userInfo = target.password ? `${user}:${password(target.password)}@` : user ? `${user}@` : '';
      return withQuery(`${target.tls ? 'rediss' : 'redis'}://${userInfo}${authority(target.host, target.port)}${target.db ? `/${target.db}` : ''}`, tlsQuery(target.tls));
    }
    case 'rmq': {
      // guest:guest is what the parser assumes when the URL names no user.
      const defaultUser = target.username === 'guest' && target.password === 'guest';
      const userInfo = defaultUser ? '' : `${encodeURIComponent(target.username)}:${password(target.password)}@`;
      const vhost = target.vhost === '/' ? '' : `/${encodeURIComponent(target.vhost)}`;
      const queueFlags = (['durable', 'exclusive', 'autoDelete'] as const).flatMap((name): QueryPair[] => {
        const value = target.queueOptions[name];
        return typeof value === 'boolean' ? [[name, value ? '1' : '0']] : [];
      });
      return withQuery(`${target.tls ? 'amqps' : 'amqp'}://${userInfo}${authority(target.host, target.port)}${vhost}`, [
        ...(target.queue ? [['queue', target.queue] as QueryPair] : []),
        ...queueFlags,
        ...(target.noAssert ? [['noAssert', '1'] as QueryPair] : []),
        ...(target.persistent ? [['persistent', '1'] as QueryPair] : []),
        ...(target.exchange !== undefined ? [['exchange', target.exchange] as QueryPair] : []),
        ...(target.exchangeType !== undefined ? [['exchangeType', target.exchangeType] as QueryPair] : []),
        ...(target.routingKey !== undefined ? [['routingKey', target.routingKey] as QueryPair] : []),
        ...(target.wildcards ? [['wildcards', '1'] as QueryPair] : []),
        ...tlsQuery(target.tls),
      ]);
    }
    case 'kafka': {
      const query: QueryPair[] = [];
      if (target.clientId !== 'patchbay') query.push(['clientId', target.clientId]);
      if (target.sasl) query.push(['sasl', target.sasl.mechanism], ['username', target.sasl.username]);
      if (!target.allowAutoTopicCreation) query.push(['autoCreateTopics', '0']);
      const url = withQuery(`${target.tls ? 'kafkas' : 'kafka'}://${target.brokers.join(',')}`, [...query, ...tlsQuery(target.tls)]);
      // Appended raw: the placeholder must stay readable, and an encoded password is already safe.
      return target.sasl ? `${url}&password=${password(target.sasl.password)}` : url;
    }
  }
}

/** IPv6 hosts go in brackets, as URLs write them. */
const authority = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

function tlsQuery(tls: TlsOptions | undefined): QueryPair[] {
  if (!tls) return [];
  const pairs: QueryPair[] = [];
  for (const name of ['ca', 'cert', 'key'] as const) if (tls[name] !== undefined) pairs.push([name, TLS_FILE_NAMES[name]]);
  if (tls.servername) pairs.push(['servername', tls.servername]);
  if (!tls.rejectUnauthorized) pairs.push(['insecure', '1']);
  return pairs;
}

function withQuery(base: string, pairs: QueryPair[]): string {
  if (pairs.length === 0) return base;
  return `${base}?${pairs.map(([name, value]) => `${name}=${encodeQueryValue(value)}`).join('&')}`;
}

/** Percent-encoded, except the characters a query value may hold as they are, so paths stay readable. */
const encodeQueryValue = (value: string) => encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%40/g, '@').replace(/%2C/g, ',');
