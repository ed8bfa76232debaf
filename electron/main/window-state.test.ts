// Window state with a real file and a fake window: saved when moves settle and on close, read
// back validated, a corrupt file ignored, and a window off every display brought back.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Rectangle, TrackedWindow } from './window-state';
import { boundsOnScreen, createWindowStateKeeper, readWindowState, WINDOW_STATE_FILE } from './window-state';

vi.mock('electron', () => {
  throw new Error('window-state.ts must not import electron at run time');
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-window-'));
  file = join(dir, WINDOW_STATE_FILE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const external = { workArea: { x: 1440, y: -200, width: 2560, height: 1415 } };

describe('bounds on screen', () => {
  it('uses the default size, and lets the window manager place a window never saved', () => {
    expect(boundsOnScreen(undefined, [laptop])).toEqual({ width: 1280, height: 820 });
    expect(boundsOnScreen({ width: 1000, height: 700, maximized: false, fullScreen: false }, [laptop])).toEqual({ width: 1000, height: 700 });
  });

  it('keeps a saved position on any display, the second one included', () => {
    expect(boundsOnScreen({ x: 40, y: 30, width: 1200, height: 800, maximized: false, fullScreen: false }, [laptop, external])).toEqual({ x: 40, y: 30, width: 1200, height: 800 });
    expect(boundsOnScreen({ x: 1600, y: -100, width: 1800, height: 1000, maximized: false, fullScreen: false }, [laptop, external])).toEqual({ x: 1600, y: -100, width: 1800, height: 1000 });
    // Partly off the right edge, but its title bar can still be grabbed.
    expect(boundsOnScreen({ x: 1300, y: 100, width: 1000, height: 700, maximized: false, fullScreen: false }, [laptop])).toEqual({ x: 1300, y: 100, width: 1000, height: 700 });
  });

  it('centres a window left on an unplugged display on the first one, shrunk to fit', () => {
    expect(boundsOnScreen({ x: 1600, y: -100, width: 1800, height: 1000, maximized: false, fullScreen: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
    expect(boundsOnScreen({ x: -3000, y: 200, width: 1000, height: 700, maximized: false, fullScreen: false }, [laptop])).toEqual({ x: 220, y: 88, width: 1000, height: 700 });
    // Title bar above the top of the screen: it could not be dragged back.
    expect(boundsOnScreen({ x: 100, y: -300, width: 1000, height: 700, maximized: false, fullScreen: false }, [laptop])).toEqual({ x: 220, y: 88, width: 1000, height: 700 });
  });

  it('never opens smaller than the minimum size', () => {
    expect(boundsOnScreen({ x: 10, y: 10, width: 200, height: 100, maximized: false, fullScreen: false }, [laptop])).toEqual({ x: 10, y: 10, width: 900, height: 560 });
  });
});

describe('reading the saved state', () => {
  it('reads what was written, and ignores a missing, corrupt or foreign file', async () => {
    expect(await readWindowState(file)).toBeUndefined();
    await writeFile(file, '{"width": 1000, "height": 700, "x": 5, "y": 6, "maximized": true}');
    expect(await readWindowState(file)).toEqual({ x: 5, y: 6, width: 1000, height: 700, maximized: true, fullScreen: false });
    for (const text of ['{"width": 1000, "height"', '{"width": -5, "height": 700}', '{"width": 1e9, "height": 700}', '{"width": "wide", "height": 700}', 'null', '']) {
      await writeFile(file, text);
      expect([text, await readWindowState(file)]).toEqual([text, undefined]);
    }
  });
});

class FakeWindow extends EventEmitter implements TrackedWindow {
  bounds: Rectangle = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  isFullScreen = () => false;
}

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimer: (callback: () => void) => {
      pending.set(next, callback);
      return next++;
    },
    clearTimer: (timer: unknown) => pending.delete(timer as number),
    fireAll: () => {
      const callbacks = [...pending.values()];
      pending.clear();
      callbacks.forEach((callback) => callback());
    },
    count: () => pending.size,
  };
}

describe('window state keeper', () => {
  it('writes once moves settle, keeps the normal bounds of a maximized window, and writes on close', async () => {
    const timers = manualTimers();
    const keeper = createWindowStateKeeper({ file, ...timers });
    const window = new FakeWindow();
    keeper.track(window);

    window.bounds = { x: 50, y: 60, width: 1100, height: 750 };
    window.emit('move');
    window.emit('resize');
    expect(timers.count()).toBe(1);
    timers.fireAll();
    await keeper.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ x: 50, y: 60, width: 1100, height: 750, maximized: false, fullScreen: false });

    window.maximized = true;
    window.emit('maximize');
    window.emit('close');
    expect(timers.count()).toBe(0);
    await keeper.flush();
    expect(await readWindowState(file)).toEqual({ x: 50, y: 60, width: 1100, height: 750, maximized: true, fullScreen: false });
  });

  it('warns and carries on when the state cannot be written', async () => {
    const blocked = join(dir, 'file-not-folder');
    await writeFile(blocked, '');
    const warnings: string[] = [];
    const keeper = createWindowStateKeeper({ file: join(blocked, WINDOW_STATE_FILE), onWarning: (message) => warnings.push(message) });
    const window = new FakeWindow();
    keeper.track(window);
    window.emit('close');
    await keeper.flush();
    expect(warnings).toEqual([`Could not save the window position to ${join(blocked, WINDOW_STATE_FILE)}: EEXIST: file already exists, mkdir '${blocked}'.`]);
  });
});
