import { fail, ok } from '../../../../shared/result';
import type { TargetUrlParser } from '../url-parts';

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
type SaslMechanism = (typeof SASL_MECHANISMS)[number];
const isMechanism = (text: string): text is SaslMechanism => (SASL_MECHANISMS as readonly string[]).includes(text);

/** kafkas://… always, kafka://…?ssl=1 on request: then the central TLS params (ca, cert, key…) apply. */
export const kafkaUsesTls = (url: URL): boolean => url.protocol === 'kafkas:' || url.searchParams.get('ssl') === '1';

/**
 * kafka://host:port[,host:port…]?clientId=NAME&ssl=1&sasl=plain|scram-sha-256|scram-sha-512&username=U&password=P
 * and kafkas://… (TLS). `autoCreateTopics=0` stops Patchbay asking the broker to create a
 * missing reply topic. The user may also be written as kafka://U:P@host:port.
 */
export const kafkaTargetFromUrl: TargetUrlParser = (url, context) => {
  const hosts = context.hosts ?? [url.host];
  const brokers: string[] = [];
  for (const host of hosts) {
    if (!/^[^\s:]+:\d{1,5}$/.test(host)) return fail('invalid-target', `the broker "${host}" needs a port, e.g. ${host.split(':')[0] || 'localhost'}:9092`);
    brokers.push(host);
  }
  const params = url.searchParams;
  const mechanism = params.get('sasl');
  const username = params.get('username') ?? decodeURIComponent(url.username);
  const password = params.get('password') ?? decodeURIComponent(url.password);
  if (mechanism !== null && !isMechanism(mechanism)) return fail('invalid-target', `sasl=${mechanism} is not supported; use plain, scram-sha-256 or scram-sha-512`);
  if (mechanism === null && username) return fail('invalid-target', 'a user name was given without a SASL mechanism; add sasl=plain, sasl=scram-sha-256 or sasl=scram-sha-512');
  const autoCreate = params.get('autoCreateTopics');
  if (autoCreate !== null && autoCreate !== '0' && autoCreate !== '1') return fail('invalid-target', `autoCreateTopics=${autoCreate} must be 0 or 1`);
  return ok({
    kind: 'kafka',
    brokers,
    ...(params.get('clientId') ? { clientId: params.get('clientId') } : {}),
    ...(mechanism ? { sasl: { mechanism, username, password } } : {}),
    ...(autoCreate === null ? {} : { allowAutoTopicCreation: autoCreate === '1' }),
  });
};
