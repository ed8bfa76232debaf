// The main window comes back where the user left it: size, position and maximized/full-screen
// state in a small JSON file of the data folder. A file that cannot be read is ignored (the
// window opens at its defaults); a position on a display that is gone is moved back on screen.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomically } from '../core/collections/atomic-write';

export const WINDOW_STATE_FILE = 'window-state.json';

export type Rectangle = { x: number; y: number; width: number; height: number };
export type DisplayArea = { workArea: Rectangle };

const dimension = z.number().int().min(1).max(100_000);
const coordinate = z.number().int().min(-100_000).max(100_000);
export const windowStateSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: dimension,
  height: dimension,
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 560 } as const;
/** How much of the title bar must be on a display for the window to count as reachable. */
const MIN_VISIBLE_PX = 100;

/** Undefined when there is none or it is not ours: a missing or corrupt file must never stop the app. */
export async function readWindowState(file: string): Promise<WindowState | undefined> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * The bounds to open the window with: the saved ones when enough of the window would be on a
 * display, otherwise the same size centred on the first display (shrunk to fit it). Without a
 * saved position the window manager places it.
 */
export function boundsOnScreen(state: WindowState | undefined, displays: readonly DisplayArea[]): Partial<Rectangle> & { width: number; height: number } {
  const size = { width: Math.max(state?.width ?? DEFAULT_WINDOW_SIZE.width, MIN_WINDOW_SIZE.width), height: Math.max(state?.height ?? DEFAULT_WINDOW_SIZE.height, MIN_WINDOW_SIZE.height) };
  if (state?.x === undefined || state.y === undefined) return size;
  const saved = { x: state.x, y: state.y, ...size };
  if (displays.some(({ workArea }) => titleBarVisible(saved, workArea))) return saved;
  const primary = displays[0]?.workArea;
  if (!primary) return size;
  const width = Math.min(size.width, primary.width);
  const height = Math.min(size.height, primary.height);
  return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height };
}

/** The top strip of the window (where it is grabbed to move it) overlaps the area by enough to reach it. */
function titleBarVisible(window: Rectangle, area: Rectangle): boolean {
  const overlapX = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const topInside = window.y >= area.y && window.y < area.y + area.height - MIN_VISIBLE_PX / 2;
  return overlapX >= MIN_VISIBLE_PX && topInside;
}

/** What a window tells about itself; BrowserWindow has all of it. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close', listener: () => void): unknown;
}

export type WindowStateKeeperOptions = {
  file: string;
  /** Moving and resizing fire many events: the state is written once they settle. */
  settleMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  onWarning?: (message: string) => void;
};

export interface WindowStateKeeper {
  /** Follows the window's moves and resizes and writes the state when they settle and on close. */
  track(window: TrackedWindow): void;
  /** The last state, on disk; waits for a write in flight. */
  flush(): Promise<void>;
}

export function createWindowStateKeeper({ file, settleMs = 500, setTimer = setTimeout, clearTimer = (timer) => clearTimeout(timer as NodeJS.Timeout), onWarning = () => undefined }: WindowStateKeeperOptions): WindowStateKeeper {
  let latest: WindowState | undefined;
  /** Written or tried: a state that failed is not tried again (and warned about again) until it changes. */
  let attempted: WindowState | undefined;
  let timer: unknown;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    writing = writing.then(async () => {
      const state = latest;
      if (!state || JSON.stringify(state) === JSON.stringify(attempted)) return;
      attempted = state;
      try {
        await writeWindowState(file, state);
      } catch (error) {
        onWarning(`Could not save the window position to ${file}: ${(error as Error).message}.`);
      }
    });
    return writing;
  };

  return {
    track(window) {
      // Normal bounds: a maximized window reopens maximized, and un-maximizes to where it was.
      const capture = () => {
        latest = { ...window.getNormalBounds(), maximized: window.isMaximized(), fullScreen: window.isFullScreen() };
      };
      const later = () => {
        capture();
        if (timer !== undefined) clearTimer(timer);
        timer = setTimer(() => {
          timer = undefined;
          void write();
        }, settleMs);
      };
      for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) window.on(event, later);
      window.on('close', () => {
        capture();
        if (timer !== undefined) clearTimer(timer);
        timer = undefined;
        void write();
      });
    },
    flush() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      return write();
    },
  };
}
