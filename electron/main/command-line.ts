// `patchbay-desktop /path/to/collection`: the folder to open, from the first instance's argv or
// the one a second launch hands over. Switches (Chromium's, Electron's, macOS's -psn_…) are not
// folders; a relative path is relative to where that launch was started.
import { isAbsolute, resolve } from 'node:path';

export type ArgvContext = {
  /** The folder the launch was started in (second-instance gives the new launch's). */
  cwd: string;
  /** `electron .` in development: argv[1] is the app's own folder, not an argument. */
  defaultApp: boolean;
};

export function collectionFolderFromArgv(argv: readonly string[], { cwd, defaultApp }: ArgvContext): string | undefined {
  const positional = argv.slice(defaultApp ? 2 : 1).filter((arg) => arg.trim() !== '' && !arg.startsWith('-'));
  const folder = positional.at(-1);
  if (folder === undefined) return undefined;
  return isAbsolute(folder) ? folder : resolve(cwd, folder);
}
