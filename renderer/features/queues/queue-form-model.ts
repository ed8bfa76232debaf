// The queue tools' inputs, checked as typed: a count is a whole number in range, a destination
// names a queue or an exchange.
import type { CommandInput } from '../../../shared/contract';

export const MAX_PEEK_COUNT = 100;

export type CountCheck = { ok: true; count: number } | { ok: false; message: string };

export function checkCount(text: string, max: number, what: string): CountCheck {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1) return { ok: false, message: `${what} is a whole number from 1${Number.isFinite(max) ? ` to ${max}` : ''}, such as 10` };
  if (Number(trimmed) > max) return { ok: false, message: `${what} is at most ${max}` };
  return { ok: true, count: Number(trimmed) };
}

export interface RepublishValues {
  count: string;
  toKind: 'queue' | 'exchange';
  toQueue: string;
  toExchange: string;
  routingKey: string;
}

export type RepublishCheck =
  | { ok: true; input: Omit<CommandInput<'queue.republish'>, 'connectionId' | 'fromQueue'> & { count: number }; destination: string }
  | { ok: false; errors: Partial<Record<keyof RepublishValues, string>> };

export function checkRepublish(values: RepublishValues, fromQueue: string): RepublishCheck {
  const errors: Partial<Record<keyof RepublishValues, string>> = {};
  const count = checkCount(values.count, Number.POSITIVE_INFINITY, 'Count');
  if (!count.ok) errors.count = count.message;
  if (values.toKind === 'queue') {
    const queue = values.toQueue.trim();
    if (queue === '') errors.toQueue = 'Give the queue to move the messages to — often the one the service consumes';
    else if (queue === fromQueue.trim()) errors.toQueue = 'That is the queue they come from — pick another queue, or an exchange';
    if (Object.keys(errors).length > 0 || !count.ok) return { ok: false, errors };
    return { ok: true, input: { count: count.count, to: { queue } }, destination: `queue ${queue}` };
  }
  const exchange = values.toExchange.trim();
  const routingKey = values.routingKey.trim();
  if (routingKey === '' && exchange === '') errors.routingKey = 'The default exchange routes by queue name: give it as the routing key';
  if (Object.keys(errors).length > 0 || !count.ok) return { ok: false, errors };
  return { ok: true, input: { count: count.count, to: { exchange, routingKey } }, destination: `${exchange === '' ? 'the default exchange' : `exchange ${exchange}`} with routing key ${routingKey === '' ? '(empty)' : routingKey}` };
}
