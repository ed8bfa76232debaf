import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../shared/redaction';
import type { CrashProcess } from './crash-redaction';
import { CRASH_EXIT_CODE, installCrashRedaction } from './crash-redaction';

const STOPPED = `patchbay: stopped after an unexpected error. This is a bug in Patchbay: please report it with the lines above (secrets in them are shown as ${REDACTED}).\n`;

function fakeProcess(env: Record<string, string> = {}) {
  const emitter = new EventEmitter();
  const written: string[] = [];
  const exits: number[] = [];
  const target = Object.assign(emitter, { env }) as unknown as CrashProcess & EventEmitter;
  return { target, written, exits, write: (text: string) => written.push(text), exit: (code: number) => exits.push(code) };
}

/** An error whose stack is exactly its message line and one frame, so reports compare exactly. */
function errorWith(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}\n    at connect (engine.js:1:2)`;
  return error;
}

describe('installCrashRedaction', () => {
  it('prints an uncaught exception with URL passwords, tokens and PATCHBAY_SECRET_ values hidden, then exits 70', () => {
    const fake = fakeProcess({ PATCHBAY_SECRET_API_TOKEN: 'tok-from-env-123', HOME: '/home/ada' });
    installCrashRedaction(fake.target, { name: 'patchbay', write: fake.write, exit: fake.exit });
    fake.target.emit('uncaughtException', errorWith('cannot reach amqp://app:hunter22@mq:5672 with tok-from-env-123 from http://127.0.0.1:4000/?rpc=ws%3A%2F%2F127.0.0.1%3A4000%2Frpc%3Ftoken%3DAbC_123-xyz'));
    expect(fake.written).toEqual([
      `patchbay: uncaught exception: Error: cannot reach amqp://app:${REDACTED}@mq:5672 with ${REDACTED} from http://127.0.0.1:4000/?rpc=ws%3A%2F%2F127.0.0.1%3A4000%2Frpc%3Ftoken%3D${REDACTED}\n        at connect (engine.js:1:2)\n`,
      STOPPED,
    ]);
    expect(fake.exits).toEqual([CRASH_EXIT_CODE]);
  });

  it('hides values it is told about later, and the values of the redactors it asks at crash time', () => {
    const fake = fakeProcess();
    let engineSecrets = createRedactor([]);
    const crash = installCrashRedaction(fake.target, { name: 'patchbay', write: fake.write, exit: fake.exit, redactors: () => [engineSecrets] });
    crash.hide(['file-secret-456']);
    engineSecrets = createRedactor(['sent-secret-789']);
    fake.target.emit('unhandledRejection', errorWith('rejected: file-secret-456 / sent-secret-789 / ws://127.0.0.1:1/rpc?token=abc'));
    expect(fake.written).toEqual([`patchbay: unhandled promise rejection: Error: rejected: ${REDACTED} / ${REDACTED} / ws://127.0.0.1:1/rpc?token=${REDACTED}\n        at connect (engine.js:1:2)\n`, STOPPED]);
  });

  it('describes a rejection that is not an Error, and reports only the first of several crashes', () => {
    const fake = fakeProcess();
    installCrashRedaction(fake.target, { name: 'patchbay', write: fake.write, exit: fake.exit });
    fake.target.emit('unhandledRejection', { code: 'E_WEIRD', url: 'redis://:pw-12345@cache:6379' });
    fake.target.emit('uncaughtException', errorWith('second'));
    expect(fake.written).toEqual([`patchbay: unhandled promise rejection: {"code":"E_WEIRD","url":"redis://:${REDACTED}@cache:6379"}\n`, STOPPED]);
    expect(fake.exits).toEqual([CRASH_EXIT_CODE]);
  });

  it('removes its handlers when uninstalled', () => {
    const fake = fakeProcess();
    const crash = installCrashRedaction(fake.target, { name: 'patchbay', write: fake.write, exit: fake.exit });
    expect([fake.target.listenerCount('uncaughtException'), fake.target.listenerCount('unhandledRejection')]).toEqual([1, 1]);
    crash.uninstall();
    expect([fake.target.listenerCount('uncaughtException'), fake.target.listenerCount('unhandledRejection')]).toEqual([0, 0]);
  });
});
