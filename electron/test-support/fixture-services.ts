// What fixtures/with-services.mjs started for this test run. Integration tests never skip:
// without the services they fail and say how to run them.
export type TcpAddress = { host: string; port: number };
export type FixtureServices = {
  nest: Record<'10' | '11' | '12', { version: string; tcp: TcpAddress }>;
  tls: { tcp: TcpAddress };
  mtls: { tcp: TcpAddress };
  certs: { dir: string; ca: string; client: { key: string; cert: string } };
  /**
   * The order saga's services (fixtures/nest/saga), each its own Nest 12 process on TCP:
   * payment.process declines amounts above paymentLimit, and every service journals what it handled.
   */
  saga: { version: string; paymentLimit: number; orders: TcpAddress; inventory: TcpAddress; payment: TcpAddress };
  brokers?: {
    redis: { url: string; port: number; tlsUrl: string; tlsPort: number };
    rabbitmq: { url: string; port: number; tlsUrl: string; tlsPort: number };
    kafka: { brokers: string[]; sasl: KafkaSaslListener; ssl: { brokers: string[]; port: number }; saslSsl: KafkaSaslListener };
    /** The CA that signed every broker's certificate (for localhost, 127.0.0.1, ::1): PEM text and its file. */
    tls: { ca: string; caFile: string; dir: string };
  };
};
/** A Kafka listener that takes PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 logins for one user. */
export type KafkaSaslListener = { brokers: string[]; port: number; mechanisms: ('plain' | 'scram-sha-256' | 'scram-sha-512')[]; username: string; password: string };

export function fixtureServices(): FixtureServices {
  const raw = process.env.PATCHBAY_FIXTURES;
  if (!raw) throw new Error('PATCHBAY_FIXTURES is not set. Run these tests through `node fixtures/with-services.mjs -- npm run test:integration` (npm test does).');
  return JSON.parse(raw) as FixtureServices;
}

export const NEST_MAJORS = ['10', '11', '12'] as const;
