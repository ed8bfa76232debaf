// A MockHandler for tests of the mock servers: answers by route from a script and records every
// message and every part written, so a test can drive a transport server without the rules engine.
import type { IncomingMessage, MockAnswerPart, MockHandler } from '../core/mocks/mock-transport';

export type Script = Record<string, (message: IncomingMessage) => MockAnswerPart[]>;

export type ScriptedHandler = MockHandler & {
  received: IncomingMessage[];
  writes: { message: IncomingMessage; part: MockAnswerPart; sizeBytes: number }[];
};

/** The answers a scripted mock gives, by what they show: a route missing from the script gets Nest's no-handler reply. */
export const answers = {
  value: (value: unknown): MockAnswerPart[] => [{ kind: 'value', value, last: true }],
  stream: (...values: unknown[]): MockAnswerPart[] => values.map((value, index) => ({ kind: 'value', value, last: index === values.length - 1 })),
  error: (error: unknown): MockAnswerPart[] => [{ kind: 'error', error }],
  end: (): MockAnswerPart[] => [{ kind: 'end' }],
  silence: (): MockAnswerPart[] => [],
};

export function scriptedHandler(script: Script): ScriptedHandler {
  const received: IncomingMessage[] = [];
  const writes: ScriptedHandler['writes'] = [];
  return {
    received,
    writes,
    async *handle(message) {
      received.push(message);
      if (message.kind === 'event') return;
      const answer = script[message.route];
      yield* answer ? answer(message) : [{ kind: 'no-handler' } as const];
    },
    written(message, part, sizeBytes) {
      writes.push({ message, part, sizeBytes });
    },
  };
}
