// A plain amqplib channel on the broker rig's RabbitMQ, beside the engine: what a test declares,
// publishes and looks with, as another client of the same broker would.
import { connect } from 'amqplib';
import type { Channel } from 'amqplib';

export type AmqpAdmin = {
  readonly channel: Channel;
  /** Deletes `exchanges` (queues the test made it deletes itself), then disconnects; never throws, so it suits afterAll. */
  close(exchanges?: readonly string[]): Promise<void>;
};

export async function openAmqpAdmin(url: string): Promise<AmqpAdmin> {
  const model = await connect(url);
  const channel = await model.createChannel();
  return {
    channel,
    async close(exchanges = []) {
      for (const exchange of exchanges) await channel.deleteExchange(exchange).catch(() => undefined);
      await model.close().catch(() => undefined);
    },
  };
}
