// What fixtures/with-services.mjs started for this test run. Integration tests never skip:
// without the services they fail and say how to run them.
export type TcpAddress = { host: string; port: number };
export type FixtureServices = {
  nest: Record<'10' | '11' | '12', { version: string; tcp: TcpAddress }>;
  tls: { tcp: TcpAddress };
  mtls: { tcp: TcpAddress };
  certs: { dir: string; ca: string; client: { key: string; cert: string } };
  brokers?: { redis: { url: string; port: number }; rabbitmq: { url: string; port: number }; kafka: { brokers: string[] } };
};

export function fixtureServices(): FixtureServices {
  const raw = process.env.PATCHBAY_FIXTURES;
  if (!raw) throw new Error('PATCHBAY_FIXTURES is not set. Run these tests through `node fixtures/with-services.mjs -- npm run test:integration` (npm test does).');
  return JSON.parse(raw) as FixtureServices;
}

export const NEST_MAJORS = ['10', '11', '12'] as const;
