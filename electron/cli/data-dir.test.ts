import { describe, expect, it } from 'vitest';
import { chooseDataDir } from './data-dir';

describe('data folder of patchbay web', () => {
  it('takes --data-dir first, then PATCHBAY_DATA_DIR', () => {
    expect(chooseDataDir({ option: '/tmp/pb', env: { PATCHBAY_DATA_DIR: '/srv/pb' }, platform: 'linux', homeDir: '/home/ada' })).toBe('/tmp/pb');
    expect(chooseDataDir({ env: { PATCHBAY_DATA_DIR: '/srv/pb', XDG_DATA_HOME: '/xdg' }, platform: 'linux', homeDir: '/home/ada' })).toBe('/srv/pb');
  });

  it('follows XDG on Linux, ignoring a relative XDG_DATA_HOME', () => {
    expect(chooseDataDir({ env: { XDG_DATA_HOME: '/home/ada/data' }, platform: 'linux', homeDir: '/home/ada' })).toBe('/home/ada/data/patchbay');
    expect(chooseDataDir({ env: {}, platform: 'linux', homeDir: '/home/ada' })).toBe('/home/ada/.local/share/patchbay');
    expect(chooseDataDir({ env: { XDG_DATA_HOME: 'data' }, platform: 'freebsd', homeDir: '/home/ada' })).toBe('/home/ada/.local/share/patchbay');
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(chooseDataDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'darwin', homeDir: '/Users/ada' })).toBe('/Users/ada/Library/Application Support/Patchbay');
    expect(chooseDataDir({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', homeDir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Patchbay');
    expect(chooseDataDir({ env: {}, platform: 'win32', homeDir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Patchbay');
  });
});
