// The engine's side of the RPC protocol, for any carrier: validates every frame and every
// command input at the door, runs the handler, and forwards engine events.
import type { z } from 'zod';
import { commands } from '../../../shared/contract';
import type { ClientFrame, FramePort, ServerFrame } from '../../../shared/rpc';
import { clientFrameSchema } from '../../../shared/rpc';
import type { Result } from '../../../shared/result';
import { fail } from '../../../shared/result';
import { createContractHandlers } from '../contract-handlers';
import type { Engine } from '../engine';

type AnyHandler = (input: unknown) => Promise<Result<unknown>>;

export function serveRpc(engine: Engine, port: FramePort<unknown, ServerFrame>): () => void {
  const handlers = createContractHandlers(engine) as unknown as Record<string, AnyHandler>;

  const stopFrames = port.onFrame(async (raw) => {
    const frame = clientFrameSchema.safeParse(raw);
    if (!frame.success) return; // not a frame of ours: nothing to answer to
    port.send({ type: 'result', id: frame.data.id, result: await handle(frame.data) });
  });
  const stopEvents = engine.onEvent(({ event, payload }) => port.send({ type: 'event', event, payload }));

  async function handle({ command, input }: ClientFrame): Promise<Result<unknown>> {
    const spec = (commands as Record<string, { input: z.ZodType }>)[command];
    const handler = handlers[command];
    if (!spec || !handler) return fail('unknown-command', `Unknown command "${command}". The UI and the engine may be from different versions; restart Patchbay.`);
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) return fail('invalid-input', describeIssues(parsed.error), parsed.error.issues);
    try {
      return await handler(parsed.data);
    } catch (error) {
      // A throw here is a bug in Patchbay, not a user error: report it instead of dying.
      return fail('internal', `Patchbay hit an internal error running ${command}: ${(error as Error).message}`);
    }
  }

  return () => {
    stopFrames();
    stopEvents();
  };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
