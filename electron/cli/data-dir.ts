// Where `patchbay web` keeps history and drafts: `--data-dir`, else PATCHBAY_DATA_DIR, else the
// platform's usual place for an app's data. (The desktop app uses Electron's userData folder.)
import { posix, win32 } from 'node:path';

export type DataDirSources = {
  option?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homeDir: string;
};

export function chooseDataDir({ option, env, platform, homeDir }: DataDirSources): string {
  if (option) return option;
  if (env.PATCHBAY_DATA_DIR) return env.PATCHBAY_DATA_DIR;
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(homeDir, 'AppData', 'Roaming'), 'Patchbay');
  if (platform === 'darwin') return posix.join(homeDir, 'Library', 'Application Support', 'Patchbay');
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdgDataHome = env.XDG_DATA_HOME && posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : posix.join(homeDir, '.local', 'share');
  return posix.join(xdgDataHome, 'patchbay');
}
