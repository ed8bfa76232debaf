// The main process wired together, with Electron replaced by fakes and the real engine behind
// them (no Electron binary runs here): the page is served from app:// in a hardened window, the
// folder from the command line and from a second launch reaches the page, a collection opened
// through IPC lands in File › Open Recent, and quitting waits for the engine.
import type { EventEmitter } from 'node:events';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_FRAME_CHANNEL } from '../../shared/ipc';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- vi.hoisted runs before imports
  const { EventEmitter: Emitter } = require('node:events') as { EventEmitter: typeof EventEmitter };
  const state = { userData: '', windows: [] as FakeWindow[], menus: [] as MenuItemConstructorOptions[][], quitted: 0 };

  class FakeContents extends Emitter {
    mainFrame = { url: 'app://patchbay/index.html' };
    sent: unknown[] = [];
    send = (channel: string, frame: unknown) => channel === 'patchbay:frame' && this.sent.push(frame);
    isDestroyed = () => false;
    setWindowOpenHandler = () => undefined;
  }
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
    }
    loadURL = async (url: string) => {
      this.loaded.push(url);
    };
    maximize = () => undefined;
    setFullScreen = () => undefined;
    isMinimized = () => false;
    restore = () => undefined;
    focus = () => undefined;
    show = () => undefined;
    getNormalBounds = () => ({ x: 10, y: 10, width: 1280, height: 820 });
    isMaximized = () => false;
    isFullScreen = () => false;
  }
  const app = Object.assign(new Emitter(), {
    name: 'Patchbay',
    isPackaged: false,
    setName: vi.fn(),
    setPath: vi.fn(),
    getPath: () => state.userData,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: () => true,
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) state.quitted++;
    },
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template, setApplicationMenu: (menu: MenuItemConstructorOptions[]) => state.menus.push(menu) },
    dialog: { showOpenDialog: vi.fn() },
    ipcMain: new Emitter(),
    nativeTheme: { shouldUseDarkColors: false },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
  };
  return { state, electron };
});

vi.mock('electron', () => fake.electron);

const sample = fileURLToPath(new URL('../../fixtures/collections/users-service', import.meta.url));
let dir: string;
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Frame = { type: string; event?: string; payload?: unknown; id?: number; result?: { ok: boolean } };
const events = (name: string) => (fake.state.windows[0]!.webContents.sent as Frame[]).filter((frame) => frame.event === name).map((frame) => frame.payload);
const recentLabels = () => {
  const file = fake.state.menus.at(-1)?.find((item) => item.label === 'File');
  const recent = (file?.submenu as MenuItemConstructorOptions[] | undefined)?.find((item) => item.label === 'Open Recent');
  return (recent?.submenu as MenuItemConstructorOptions[] | undefined)?.map((item) => item.label ?? '—');
};

describe('desktop main process', () => {
  it('serves the page from app:// in a hardened window, opens folders from the command line, a second launch and IPC, and quits after the engine', async () => {
    dir = await mkdtemp(join(tmpdir(), 'patchbay-main-'));
    fake.state.userData = join(dir, 'user-data');
    const collection = join(dir, 'users-service');
    await cp(sample, collection, { recursive: true });
    const argv = process.argv;
    process.argv = ['/opt/Patchbay/patchbay-desktop', join(dir, 'from-argv')];
    try {
      await import('./index');
    } finally {
      process.argv = argv;
    }
    const { electron } = fake;
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1));
    const window = fake.state.windows[0]!;
    await vi.waitFor(() => expect(window.loaded).toEqual(['app://patchbay/index.html']));
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(recentLabels()).toEqual(['No Recent Collections', '—', 'Clear Recent']);

    // The launch folder waits for the page, then goes to it.
    expect(events('app.openCollectionRequested')).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(events('app.openCollectionRequested')).toEqual([{ root: join(dir, 'from-argv') }]);

    electron.app.emit('second-instance', {}, ['/opt/Patchbay/patchbay-desktop', '--flag', 'orders'], '/work');
    expect(events('app.openCollectionRequested')).toEqual([{ root: join(dir, 'from-argv') }, { root: '/work/orders' }]);

    // The page opens it (as the notice-or-open flow does) over IPC; the engine records it as recent and the menu follows.
    electron.ipcMain.emit(IPC_FRAME_CHANNEL, { sender: window.webContents, senderFrame: window.webContents.mainFrame }, { type: 'call', id: 1, command: 'collection.open', input: { root: collection } });
    await vi.waitFor(() => expect((window.webContents.sent as Frame[]).find((frame) => frame.id === 1)?.result?.ok).toBe(true));
    await vi.waitFor(() => expect(recentLabels()).toEqual([`users-service — ${collection}`, '—', 'Clear Recent']));

    // A frame from a page that is not ours gets no answer.
    const foreign = { sender: window.webContents, senderFrame: { url: 'https://example.com/' } };
    electron.ipcMain.emit(IPC_FRAME_CHANNEL, foreign, { type: 'call', id: 2, command: 'connection.list', input: {} });

    electron.app.quit();
    expect(fake.state.quitted).toBe(0);
    await vi.waitFor(() => expect(fake.state.quitted).toBe(1));
    expect(JSON.parse(await readFile(join(fake.state.userData, 'recent-collections.json'), 'utf8')).collections.map((entry: { root: string }) => entry.root)).toEqual([collection]);
    expect((window.webContents.sent as Frame[]).some((frame) => frame.id === 2)).toBe(false);
    // Loading the whole engine the first time takes seconds on a loaded machine.
  }, 60_000);
});
