// Which folder a launch asks to open, packaged and in development, first and second instance.
import { describe, expect, it } from 'vitest';
import { collectionFolderFromArgv } from './command-line';

describe('collection folder from the command line', () => {
  it('takes the folder argument of a packaged app, relative to where it was started', () => {
    expect(collectionFolderFromArgv(['/opt/Patchbay/patchbay', '/work/users'], { cwd: '/home/ada', defaultApp: false })).toBe('/work/users');
    expect(collectionFolderFromArgv(['/opt/Patchbay/patchbay', 'orders/patchbay'], { cwd: '/home/ada', defaultApp: false })).toBe('/home/ada/orders/patchbay');
    expect(collectionFolderFromArgv(['/opt/Patchbay/patchbay'], { cwd: '/home/ada', defaultApp: false })).toBeUndefined();
  });

  it('skips the app folder of `electron .` and every switch Chromium or macOS adds', () => {
    expect(collectionFolderFromArgv(['/usr/lib/electron', '.', '--no-sandbox', 'users'], { cwd: '/work', defaultApp: true })).toBe('/work/users');
    expect(collectionFolderFromArgv(['/usr/lib/electron', '.'], { cwd: '/work', defaultApp: true })).toBeUndefined();
    expect(collectionFolderFromArgv(['/Applications/Patchbay.app/Contents/MacOS/Patchbay', '-psn_0_12345'], { cwd: '/', defaultApp: false })).toBeUndefined();
    expect(collectionFolderFromArgv(['C:\\Patchbay\\Patchbay.exe', '--allow-file-access-from-files', '--original-process-start-time=1', '/work/users', ''], { cwd: '/', defaultApp: false })).toBe('/work/users');
  });
});
