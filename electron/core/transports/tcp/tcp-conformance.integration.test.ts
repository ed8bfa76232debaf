// The conformance table over TCP, against the Nest services that with-services.mjs started.
import { NEST_MAJORS, fixtureServices } from '../../../test-support/fixture-services';
import { defineConformanceSuite } from '../../../test-support/conformance';
import { createEngine } from '../../engine';

const services = fixtureServices();

defineConformanceSuite({
  transport: 'TCP',
  majors: NEST_MAJORS,
  nestClient: { transport: 'TCP', options: (major) => services.nest[major].tcp },
  async connect(major) {
    const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    const connection = engine.connections.open(`nest${major}`, { kind: 'tcp', ...services.nest[major].tcp }, { connectTimeoutMs: 2000, requestTimeoutMs: 10_000 });
    const first = await connection.client.firstAttempt();
    if (!first.ok) throw new Error(first.error.message);
    return { engine, connection, version: services.nest[major].version, stop: () => engine.close() };
  },
});
