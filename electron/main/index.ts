// Electron shell: one window, hardened, talking to the engine over one IPC channel. Thin on
// purpose: everything else lives in electron/core, which runs without Electron.
import { BrowserWindow, app, ipcMain, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../core/engine';
import { serveRpc } from '../core/rpc/rpc-server';
import { createIpcFramePort } from './ipc-port';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { denyPermissions, hardenApp } from './security';

// History, drafts and secrets live in the per-user data folder (userData); secrets encrypted by
// the OS, never in a collection's files.
const dataDir = app.getPath('userData');
const engine = createEngine({ dataDir, secretStore: createSafeStorageSecretStore({ safeStorage, file: join(dataDir, 'secrets.json') }) });
hardenApp(app, shell);

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Patchbay',
    show: false,
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const port = createIpcFramePort(ipcMain, window.webContents);
  const stopRpc = serveRpc(engine, port);
  window.on('closed', () => {
    stopRpc();
    port.dispose();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(fileURLToPath(new URL('../renderer/index.html', import.meta.url)));
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    createMainWindow();
  });
  app.on('window-all-closed', () => app.quit());
  // Quitting waits for the engine: history written behind and drafts reach the disk first.
  let engineClosed = false;
  let closingEngine: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    if (engineClosed) return;
    event.preventDefault();
    closingEngine ??= engine.close().finally(() => {
      engineClosed = true;
      app.quit();
    });
  });
}
