import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import type { TargetUrlParser } from '../url-parts';
import { hostOf, requirePort } from '../url-parts';

const EXCHANGE_TYPES = ['direct', 'topic', 'fanout', 'headers'];

function flag(url: URL, name: string): Result<boolean | undefined> {
  const text = url.searchParams.get(name);
  if (text === null) return ok(undefined);
  if (text === '1' || text === 'true' || text === '') return ok(true);
  if (text === '0' || text === 'false') return ok(false);
  return fail('invalid-target', `${name}=${text} is not a yes/no value; write ${name}=1 or ${name}=0`);
}

/**
 * amqp://user:pass@host:port/vhost?queue=NAME[&durable=false][&noAssert=1][&persistent=1]
 *   [&exchange=X&exchangeType=topic&routingKey=K&wildcards=1], and amqps://… (TLS).
 * The vhost is the path, percent-encoded (`/%2F` or nothing for the default `/`).
 */
export const rmqTargetFromUrl: TargetUrlParser = (url) => {
  const port = requirePort(url, 5672);
  if (!port.ok) return port;
  const path = url.pathname.replace(/^\//, '');
  const vhost = path === '' ? '/' : decodeURIComponent(path);

  const flags: Record<string, boolean> = {};
  for (const name of ['durable', 'exclusive', 'autoDelete', 'noAssert', 'persistent', 'wildcards']) {
    const value = flag(url, name);
    if (!value.ok) return value;
    if (value.value !== undefined) flags[name] = value.value;
  }
  const queueOptions: Record<string, boolean> = {};
  for (const name of ['durable', 'exclusive', 'autoDelete']) if (name in flags) queueOptions[name] = flags[name]!;

  const exchangeType = url.searchParams.get('exchangeType') ?? undefined;
  if (exchangeType !== undefined && !EXCHANGE_TYPES.includes(exchangeType)) {
    return fail('invalid-target', `exchangeType=${exchangeType} is not one of ${EXCHANGE_TYPES.join(', ')}`);
  }
  const exchange = url.searchParams.get('exchange') ?? undefined;
  const routingKey = url.searchParams.get('routingKey') ?? undefined;
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return ok({
    kind: 'rmq',
    host: hostOf(url),
    port: port.value,
    vhost,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    queue: url.searchParams.get('queue') ?? '',
    queueOptions,
    ...('noAssert' in flags ? { noAssert: flags.noAssert } : {}),
    ...('persistent' in flags ? { persistent: flags.persistent } : {}),
    ...('wildcards' in flags ? { wildcards: flags.wildcards } : {}),
    ...(exchange !== undefined ? { exchange } : {}),
    ...(exchangeType !== undefined ? { exchangeType } : {}),
    ...(routingKey !== undefined ? { routingKey } : {}),
  });
};
