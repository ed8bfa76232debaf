// The application menu as a plain template (Menu.buildFromTemplate turns it into the menu): the
// entries and shortcuts people expect on each platform, plus opening collection folders.
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentCollection } from '../../shared/contract';

/** Where Help › Documentation goes; package.json's `homepage` says the same (packaging.test.ts checks). */
export const PATCHBAY_HOMEPAGE = 'https://github.com/patchbay-dev/patchbay';
export const PATCHBAY_DOCS_URL = `${PATCHBAY_HOMEPAGE}#readme`;
export const PATCHBAY_ISSUES_URL = `${PATCHBAY_HOMEPAGE}/issues`;

export interface MenuActions {
  /** File › Open Collection Folder…: a folder picker, then the folder opens in the window. */
  openCollectionFolder(): void;
  openRecent(root: string): void;
  clearRecent(): void;
  /** Opens an http(s) address in the system browser (after the same check as links in the page). */
  openExternal(url: string): void;
}

export type MenuOptions = {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly RecentCollection[];
  actions: MenuActions;
};

export function buildMenuTemplate({ platform, appName, recent, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    submenu: [
      ...(recent.length === 0
        ? [{ label: 'No Recent Collections', enabled: false }]
        : recent.map((entry): MenuItemConstructorOptions => ({ label: `${entry.name} — ${entry.root}`, click: () => actions.openRecent(entry.root) }))),
      separator,
      { label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() },
    ],
  };

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [{ role: 'about' }, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Collection Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCollectionFolder() },
      openRecent,
      separator,
      { role: 'close', label: 'Close Window' },
      ...(mac ? [] : [separator, { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' } satisfies MenuItemConstructorOptions]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } satisfies MenuItemConstructorOptions] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      { role: 'toggleDevTools' },
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      { label: `${appName} Documentation`, click: () => actions.openExternal(PATCHBAY_DOCS_URL) },
      { label: 'Report an Issue…', click: () => actions.openExternal(PATCHBAY_ISSUES_URL) },
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}
