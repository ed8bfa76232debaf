// The quit sequence with a fake app: every quit waits for one close, then quits for real; a
// failing or hanging close still ends in a quit.
import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { installQuitSequence } from './quit-sequence';

vi.mock('electron', () => {
  throw new Error('quit-sequence.ts must not import electron at run time');
});

/** Electron's quit: emits before-quit, and quits only when no listener prevented it. */
class FakeApp extends EventEmitter {
  quitted = 0;
  quit = () => {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quitted++;
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const asApp = (app: FakeApp) => app as unknown as Pick<App, 'on' | 'quit'>;

describe('quit sequence', () => {
  it('waits for the close before quitting, and closes once however often quit is asked', async () => {
    const app = new FakeApp();
    const closing = deferred();
    const close = vi.fn(() => closing.promise);
    const clearTimer = vi.fn();
    installQuitSequence(asApp(app), { close, setTimer: () => 'timer', clearTimer });

    app.quit();
    app.quit();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(0);

    closing.resolve();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(close).toHaveBeenCalledTimes(1);
    expect(clearTimer).toHaveBeenCalledWith('timer');
  });

  it('quits anyway, saying why, when the close fails', async () => {
    const app = new FakeApp();
    const warnings: string[] = [];
    installQuitSequence(asApp(app), { close: () => Promise.reject(new Error('disk full')), setTimer: () => 0, clearTimer: () => undefined, onWarning: (message) => warnings.push(message) });
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(warnings).toEqual(['Closing Patchbay failed (disk full); quitting anyway.']);
  });

  it('quits at the deadline when the close hangs', async () => {
    const app = new FakeApp();
    const warnings: string[] = [];
    let fire: (() => void) | undefined;
    installQuitSequence(asApp(app), {
      close: () => new Promise(() => undefined),
      timeoutMs: 10_000,
      setTimer: (callback, ms) => {
        expect(ms).toBe(10_000);
        fire = callback;
        return 1;
      },
      clearTimer: () => undefined,
      onWarning: (message) => warnings.push(message),
    });
    app.quit();
    await Promise.resolve();
    expect(app.quitted).toBe(0);
    fire?.();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(warnings).toEqual(['Closing connections took longer than 10 s; quitting anyway.']);
  });
});
