// The menu template on each platform: entries, roles and shortcuts, and what its own items do.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, PATCHBAY_DOCS_URL, PATCHBAY_ISSUES_URL, type MenuActions } from './app-menu';

vi.mock('electron', () => {
  throw new Error('app-menu.ts must not import electron at run time');
});

const fakeActions = () => ({ openCollectionFolder: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), openExternal: vi.fn() }) satisfies MenuActions;

/** Each item as its role or label with its shortcut, separators as "—", submenus nested. */
function outline(items: MenuItemConstructorOptions[]): unknown[] {
  return items.map((item) => {
    if (item.type === 'separator') return '—';
    const name = `${item.label ?? item.role}${item.accelerator ? ` [${item.accelerator}]` : ''}${item.enabled === false ? ' (disabled)' : ''}`;
    return Array.isArray(item.submenu) ? { [name]: outline(item.submenu) } : name;
  });
}

const submenu = (items: MenuItemConstructorOptions[], ...labels: string[]): MenuItemConstructorOptions[] =>
  labels.reduce((level, label) => {
    const found = level.find((item) => item.label === label);
    if (!found || !Array.isArray(found.submenu)) throw new Error(`no submenu ${label}`);
    return found.submenu;
  }, items);

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

const recent = [
  { root: '/work/users', name: 'users', openedAt: 2 },
  { root: '/work/orders', name: 'orders', openedAt: 1 },
];

describe('application menu', () => {
  it('has the usual Linux and Windows menus with their shortcuts', () => {
    const template = buildMenuTemplate({ platform: 'linux', appName: 'Patchbay', recent, actions: fakeActions() });
    expect(outline(template)).toEqual([
      {
        File: [
          'Open Collection Folder… [CmdOrCtrl+O]',
          { 'Open Recent': ['users — /work/users', 'orders — /work/orders', '—', 'Clear Recent'] },
          '—',
          'Close Window',
          '—',
          'Quit [CmdOrCtrl+Q]',
        ],
      },
      { Edit: ['undo', 'redo', '—', 'cut', 'copy', 'paste', 'delete', '—', 'selectAll'] },
      { View: ['reload', 'forceReload', 'toggleDevTools', '—', 'resetZoom', 'zoomIn', 'zoomOut', '—', 'togglefullscreen'] },
      { Window: ['minimize', 'close'] },
      { Help: ['Patchbay Documentation', 'Report an Issue…'] },
    ]);
    expect(submenu(template, 'File').map((item) => item.role)).toEqual([undefined, undefined, undefined, 'close', undefined, 'quit']);
  });

  it('puts About, Services, Hide and Quit in the app menu on macOS', () => {
    const template = buildMenuTemplate({ platform: 'darwin', appName: 'Patchbay', recent: [], actions: fakeActions() });
    expect(outline(template)).toEqual([
      { Patchbay: ['about', '—', 'services', '—', 'hide', 'hideOthers', 'unhide', '—', 'quit'] },
      { File: ['Open Collection Folder… [CmdOrCtrl+O]', { 'Open Recent': ['No Recent Collections (disabled)', '—', 'Clear Recent (disabled)'] }, '—', 'Close Window'] },
      { Edit: ['undo', 'redo', '—', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', '—', 'selectAll'] },
      { View: ['reload', 'forceReload', 'toggleDevTools', '—', 'resetZoom', 'zoomIn', 'zoomOut', '—', 'togglefullscreen'] },
      { Window: ['minimize', 'zoom', '—', 'front'] },
      { Help: ['Patchbay Documentation', 'Report an Issue…'] },
    ]);
    expect(template.map((item) => item.role)).toEqual([undefined, undefined, undefined, undefined, 'windowMenu', 'help']);
  });

  it('opens a folder, a recent collection, clears the list and opens the docs through its actions', () => {
    const actions = fakeActions();
    const template = buildMenuTemplate({ platform: 'win32', appName: 'Patchbay', recent, actions });
    click(submenu(template, 'File')[0]);
    expect(actions.openCollectionFolder).toHaveBeenCalledTimes(1);
    const recentMenu = submenu(template, 'File', 'Open Recent');
    click(recentMenu[1]);
    expect(actions.openRecent).toHaveBeenCalledWith('/work/orders');
    click(recentMenu.find((item) => item.label === 'Clear Recent'));
    expect(actions.clearRecent).toHaveBeenCalledTimes(1);
    submenu(template, 'Help').forEach(click);
    expect(actions.openExternal.mock.calls).toEqual([[PATCHBAY_DOCS_URL], [PATCHBAY_ISSUES_URL]]);
  });
});
