// Quitting waits for the engine to close: connections, listeners and mocks shut cleanly, history
// and drafts reach the disk. A close that hangs (a broker that never answers) or fails must not
// keep the app from quitting, so it has a deadline and its failure is only reported.
import type { App } from 'electron';

export type QuitSequenceOptions = {
  /** Everything to close before the process ends (the engine, the window state). */
  close: () => Promise<void>;
  timeoutMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  onWarning?: (message: string) => void;
};

export const QUIT_TIMEOUT_MS = 10_000;

export function installQuitSequence(app: Pick<App, 'on' | 'quit'>, { close, timeoutMs = QUIT_TIMEOUT_MS, setTimer = setTimeout, clearTimer = (timer) => clearTimeout(timer as NodeJS.Timeout), onWarning = () => undefined }: QuitSequenceOptions): void {
  let closed = false;
  let closing: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Every quit (menu, Cmd+Q, last window closed, a signal) waits for the same close.
    event.preventDefault();
    if (closing) return;
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimer(() => {
        onWarning(`Closing connections took longer than ${timeoutMs / 1000} s; quitting anyway.`);
        resolve();
      }, timeoutMs);
    });
    closing = Promise.race([
      close().catch((error: unknown) => onWarning(`Closing Patchbay failed (${(error as Error).message}); quitting anyway.`)),
      deadline,
    ]).then(() => {
      clearTimer(timer);
      closed = true;
      app.quit();
    });
  });
}
