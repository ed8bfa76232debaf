// Security defaults for every window: no navigation away from the app, no new windows, no
// webviews, no permission grants. External links go to the system browser only when they are
// http(s).
import type { App, Session, Shell, WebContents } from 'electron';
import { isAppUrl } from './app-protocol';

export const isSafeExternalUrl = (url: string): boolean => {
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

/** Opens an address in the system browser after the check; anything else (file:, javascript:, custom schemes) is refused. */
export function openExternalChecked(shell: Pick<Shell, 'openExternal'>, url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  void shell.openExternal(url).catch(() => undefined);
  return true;
}

type NavigationEvent = { url: string; preventDefault(): void };

export function hardenApp(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    // The app is one page: nothing may take a frame to another origin (a dropped file, a link, a redirect).
    const stayInApp = (event: NavigationEvent) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    };
    contents.on('will-navigate', stayInApp);
    contents.on('will-frame-navigate', stayInApp);
    contents.on('will-redirect', stayInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalChecked(shell, url);
      return { action: 'deny' };
    });
  });
}

export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
