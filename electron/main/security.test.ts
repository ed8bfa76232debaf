// The hardening with Electron replaced by plain objects: navigation stays in app://, new windows
// become checked external links, webviews and permissions are refused.
import { EventEmitter } from 'node:events';
import type { App, Session, Shell } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { denyPermissions, hardenApp, isSafeExternalUrl, openExternalChecked } from './security';

vi.mock('electron', () => {
  throw new Error('security.ts must not import electron at run time');
});

function hardenedContents() {
  const app = new EventEmitter();
  const shell = { openExternal: vi.fn(async () => undefined) };
  hardenApp(app as unknown as Pick<App, 'on'>, shell as unknown as Pick<Shell, 'openExternal'>);
  const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
  app.emit('web-contents-created', {}, contents);
  const navigate = (event: string, url: string) => {
    const preventDefault = vi.fn();
    contents.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0 ? 'denied' : 'allowed';
  };
  const openWindow = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (details: { url: string }) => { action: string };
  return { shell, navigate, openWindow };
}

describe('hardened windows', () => {
  it('lets frames navigate only within app://patchbay', () => {
    const { navigate } = hardenedContents();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect([event, navigate(event, 'app://patchbay/index.html')]).toEqual([event, 'allowed']);
      for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) expect([event, url, navigate(event, url)]).toEqual([event, url, 'denied']);
    }
    expect(navigate('will-attach-webview', 'app://patchbay/index.html')).toBe('denied');
  });

  it('opens no window: http(s) links go to the system browser, anything else nowhere', () => {
    const { shell, openWindow } = hardenedContents();
    expect(openWindow({ url: 'https://docs.nestjs.com/microservices/basics' })).toEqual({ action: 'deny' });
    expect(openWindow({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openWindow({ url: 'smb://attacker/share' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.nestjs.com/microservices/basics']]);
  });

  it('checks external addresses', () => {
    expect(['https://a.dev', 'http://localhost:3000'].map(isSafeExternalUrl)).toEqual([true, true]);
    expect(['file:///x', 'javascript:alert(1)', 'ms-msdt:/id', 'not a url', ''].map(isSafeExternalUrl)).toEqual([false, false, false, false, false]);
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(openExternalChecked(shell, 'vscode://file/etc/passwd')).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    denyPermissions(session as unknown as Session);
    const callback = vi.fn();
    (session.setPermissionRequestHandler.mock.calls[0]?.[0] as (c: unknown, p: string, cb: (granted: boolean) => void) => void)({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean)()).toBe(false);
  });
});
