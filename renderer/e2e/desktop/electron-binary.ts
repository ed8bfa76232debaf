// Where the Electron binary is, found the way node_modules/electron finds it, but without
// require('electron'): since Electron 45 that downloads the binary when it is missing, and a
// test run must not reach for the network. No binary: the desktop suite says NOT RUN.
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; path: string; reason: string };

export function findElectronBinary(repoRoot: string): ElectronBinary {
  const packageDir = join(repoRoot, 'node_modules', 'electron');
  let executable: string | undefined;
  try {
    executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    // never downloaded: path.txt is written by its install script
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, executable ?? 'electron') : join(packageDir, 'dist', executable ?? '');
  if (!override && executable === undefined) {
    return { found: false, path, reason: `no Electron binary at ${path} (node_modules/electron/path.txt is missing: its download never ran; run "npx install-electron" where the network allows)` };
  }
  try {
    accessSync(path, constants.X_OK);
    return { found: true, path };
  } catch {
    return { found: false, path, reason: `no Electron binary at ${path} (missing or not executable)` };
  }
}
