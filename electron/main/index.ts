// Electron shell: one window, hardened, talking to the engine over one IPC channel. Thin on
// purpose: everything else lives in electron/core, which runs without Electron.
import { BrowserWindow, app, ipcMain, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../core/engine';
import { serveRpc } from '../core/rpc/rpc-server';
import { createIpcFramePort } from './ipc-port';
import { denyPermissions, hardenApp } from './security';

const engine = createEngine();
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
  app.on('before-quit', () => void engine.close());
}
