// Messages produced in the same tick for the same topic leave in one produce request: with many
// requests in flight, a request (and a broker round trip) per message costs more than the rest of
// a send. Order within a topic is kept; each caller learns its own batch's outcome.
import type { OutgoingKafkaMessage } from './kafka-wire';

export type ProduceBatch = (topic: string, messages: OutgoingKafkaMessage[]) => Promise<unknown>;

/** Resolves undefined once the broker took the message, or with the error its batch failed with. */
export type Produce = (topic: string, message: OutgoingKafkaMessage) => Promise<unknown>;

export function createProduceBatcher(send: ProduceBatch): Produce {
  let waiting: Map<string, { messages: OutgoingKafkaMessage[]; settle: ((error: unknown) => void)[] }> | undefined;

  const flush = () => {
    const batches = waiting!;
    waiting = undefined;
    for (const [topic, { messages, settle }] of batches) {
      send(topic, messages).then(
        () => settle.forEach((done) => done(undefined)),
        (error: unknown) => settle.forEach((done) => done(error ?? new Error('produce failed'))),
      );
    }
  };

  return (topic, message) =>
    new Promise((resolve) => {
      if (!waiting) {
        waiting = new Map();
        process.nextTick(flush);
      }
      let batch = waiting.get(topic);
      if (!batch) waiting.set(topic, (batch = { messages: [], settle: [] }));
      batch.messages.push(message);
      batch.settle.push(resolve);
    });
}
