// Electron shell: one window, hardened, talking to the engine over one IPC channel, with the
// application menu, the window's saved place and "open this collection folder" from the menu, the
// command line or a second launch. Thin on purpose: everything else lives in electron/core, which
// runs without Electron; the pieces here are small modules unit-tested with fakes.
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, safeStorage, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecentCollection } from '../../shared/contract';
import { installCrashRedaction } from '../core/crash-redaction';
import { createEngine } from '../core/engine';
import { serveRpc } from '../core/rpc/rpc-server';
import { buildMenuTemplate } from './app-menu';
import { APP_ENTRY_URL, APP_SCHEME, appSchemePrivileges, createAppProtocolHandler, isAppUrl } from './app-protocol';
import { collectionFolderFromArgv } from './command-line';
import { createIpcFramePort } from './ipc-port';
import { installQuitSequence } from './quit-sequence';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { denyPermissions, hardenApp, openExternalChecked } from './security';
import { boundsOnScreen, createWindowStateKeeper, MIN_WINDOW_SIZE, readWindowState, WINDOW_STATE_FILE } from './window-state';

// The same data folder in development and packaged (productName), so both see the same history.
app.setName('Patchbay');
// Tests and side-by-side development runs keep their own data (and their own single-instance lock); never in a packaged app.
if (!app.isPackaged && process.env.PATCHBAY_USER_DATA_DIR) app.setPath('userData', process.env.PATCHBAY_USER_DATA_DIR);
// Before ready: app:// behaves like https (standard, secure origin) so the page gets 'self' and no file:// privileges.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // The first instance gets our argv through 'second-instance' and opens the folder there.
  app.quit();
} else {
  startDesktopApp();
}

function startDesktopApp(): void {
  const warn = (message: string) => process.stderr.write(`patchbay: ${message}\n`);
  // History, drafts, recent collections and secrets live in the per-user data folder (userData);
  // secrets encrypted by the OS, never in a collection's files.
  const dataDir = app.getPath('userData');
  const engine = createEngine({ dataDir, onWarning: warn, secretStore: createSafeStorageSecretStore({ safeStorage, file: join(dataDir, 'secrets.json') }) });
  // A crash report never shows a password, a token or a secret the engine has sent.
  installCrashRedaction(process, { name: 'Patchbay', exit: (code) => app.exit(code) }).hideWith(() => engine.secrets.redactor);
  const windowStateFile = join(dataDir, WINDOW_STATE_FILE);
  const windowState = createWindowStateKeeper({ file: windowStateFile, onWarning: warn });
  const defaultApp = Boolean(process.defaultApp);
  hardenApp(app, shell);
  installQuitSequence(app, {
    close: async () => {
      await windowState.flush();
      await engine.close();
    },
    onWarning: warn,
  });

  let mainWindow: BrowserWindow | undefined;
  let windowOpening: Promise<BrowserWindow> | undefined;
  // Folders asked for before the page listens (a launch argument, a second launch while loading).
  let pageListening = false;
  const waitingFolders: string[] = [];

  const requestOpenCollection = (root: string) => {
    if (pageListening) engine.requestOpenCollection(root);
    else waitingFolders.push(root);
    void showMainWindow();
  };

  const setMenu = (recent: readonly RecentCollection[]) => {
    const template = buildMenuTemplate({
      platform: process.platform,
      appName: app.name,
      recent,
      actions: {
        openCollectionFolder: () => void pickCollectionFolder(),
        openRecent: requestOpenCollection,
        clearRecent: () => void engine.recentCollections.clear(),
        openExternal: (url) => openExternalChecked(shell, url),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const pickCollectionFolder = async () => {
    const window = await showMainWindow();
    const picked = await dialog.showOpenDialog(window, { title: 'Open Collection Folder', buttonLabel: 'Open', properties: ['openDirectory'] });
    const root = picked.filePaths[0];
    if (!picked.canceled && root) requestOpenCollection(root);
  };

  async function createMainWindow(): Promise<BrowserWindow> {
    const saved = await readWindowState(windowStateFile);
    const window = new BrowserWindow({
      ...boundsOnScreen(saved, screen.getAllDisplays()),
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      title: 'Patchbay',
      show: false,
      // The page's own background (theme.css --bg), so no white flash before it paints.
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#0e0e11' : '#f6f6f8',
      webPreferences: {
        preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        spellcheck: false,
      },
    });
    if (saved?.maximized) window.maximize();
    if (saved?.fullScreen) window.setFullScreen(true);
    windowState.track(window);

    const port = createIpcFramePort(ipcMain, window.webContents, { isTrustedUrl: isAppUrl });
    const stopRpc = serveRpc(engine, port);
    // The page subscribes to events while its script runs, before the load finishes; a reload starts over.
    window.webContents.on('did-start-loading', () => (pageListening = false));
    window.webContents.on('did-finish-load', () => {
      pageListening = true;
      for (const root of waitingFolders.splice(0)) engine.requestOpenCollection(root);
    });
    window.on('closed', () => {
      stopRpc();
      port.dispose();
      mainWindow = undefined;
      pageListening = false;
    });
    window.once('ready-to-show', () => window.show());
    await window.loadURL(APP_ENTRY_URL);
    return window;
  }

  /** The one main window, created when there is none (macOS keeps the app running without one), focused. */
  const showMainWindow = async (): Promise<BrowserWindow> => {
    if (!mainWindow && !windowOpening) {
      windowOpening = createMainWindow().then((window) => (mainWindow = window)).finally(() => (windowOpening = undefined));
    }
    const window = mainWindow ?? (await windowOpening!);
    if (window.isMinimized()) window.restore();
    window.focus();
    return window;
  };

  const launchFolder = collectionFolderFromArgv(process.argv, { cwd: process.cwd(), defaultApp });
  if (launchFolder) waitingFolders.push(launchFolder);

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const folder = collectionFolderFromArgv(argv, { cwd: workingDirectory, defaultApp });
    if (folder) requestOpenCollection(folder);
    else void showMainWindow();
  });
  // macOS: a folder dropped on the Dock icon or opened with Patchbay.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) requestOpenCollection(path);
    else waitingFolders.push(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady()) void showMainWindow();
  });
  engine.onEvent(({ event, payload }) => {
    if (event === 'recentCollections.changed') setMenu(payload.collections);
  });

  void app.whenReady().then(async () => {
    denyPermissions(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)) }));
    setMenu(await engine.recentCollections.list());
    await showMainWindow();
  });
}
