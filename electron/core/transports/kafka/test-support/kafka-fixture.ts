// Test support for Kafka integration tests. Kafka topics are global: two Nest Kafka services on
// one broker would both answer every request (and interleave stream replies), so the test files
// that start one take the broker's lock first.
import { holdExclusiveLock } from '../../../../test-support/exclusive-lock';
import { fixtureServices } from '../../../../test-support/fixture-services';

export function kafkaBrokers(): string[] {
  const brokers = fixtureServices().brokers?.kafka.brokers;
  if (!brokers) throw new Error('No Kafka broker: run these tests through `node fixtures/with-services.mjs -- …` without --no-brokers.');
  return brokers;
}

/** Waits until no other test process holds a Nest service on this broker; returns the release. */
const lockBroker = (brokers: string[]) => holdExclusiveLock(`kafka-services-${brokers.join('_')}`);

/**
 * Starts something that uses the broker's global topics (a Nest Kafka service) while holding
 * the broker lock; its stop() releases the lock. Tests pass the start (only tests may import
 * the fixtures).
 */
export async function startHoldingBroker<Service extends { stop(): Promise<void> }>(start: (brokers: string[]) => Promise<Service>): Promise<Service> {
  const brokers = kafkaBrokers();
  const release = await lockBroker(brokers);
  try {
    const service = await start(brokers);
    const stop = service.stop.bind(service);
    return Object.assign(service, {
      stop: async () => {
        try {
          await stop();
        } finally {
          release();
        }
      },
    });
  } catch (error) {
    release();
    throw error;
  }
}
