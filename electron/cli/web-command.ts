// `patchbay web`: the engine plus the built UI, served to a local browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrashRedaction } from '../core/crash-redaction';
import { createEngine } from '../core/engine';
import { startHeadlessHost } from '../headless/host';
import { chooseDataDir } from './data-dir';

/**
 * `trafficEntries`: the traffic log's size (older entries are evicted and counted); `dataDir`: where
 * history and drafts are kept; `crash`: the process's crash report, told to hide what the session sends.
 */
export async function webCommand({ port, open, trafficEntries, dataDir, crash }: { port: number; open?: boolean; trafficEntries?: number; dataDir?: string; crash?: Pick<CrashRedaction, 'hide' | 'hideWith'> }): Promise<void> {
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(rendererDir)) {
    process.stderr.write(`patchbay: the UI is not built (${rendererDir} is missing). Run \`npm run build\` first.\n`);
    process.exitCode = 2;
    return;
  }
  const chosenDataDir = resolve(chooseDataDir({ option: dataDir, env: process.env, platform: process.platform, homeDir: homedir() }));
  const engine = createEngine({ trafficCapacity: trafficEntries, dataDir: chosenDataDir });
  crash?.hideWith(() => engine.secrets.redactor);
  let host;
  try {
    host = await startHeadlessHost({ engine, rendererDir, port });
  } catch (error) {
    await engine.close();
    process.stderr.write(`patchbay: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}. Pick another --port, or 0 for any free port.\n`);
    process.exitCode = 2;
    return;
  }
  // A crash report must not show the token, wherever it ends up in a message (crash-redaction.ts).
  const token = new URL(new URL(host.url).searchParams.get('rpc') ?? 'ws://-').searchParams.get('token');
  if (token) crash?.hide([token]);
  // The one place the access token is ever shown: the user needs this address to open the UI.
  process.stdout.write(`Patchbay is running at ${host.url}\n`);
  process.stdout.write('The address holds this session\'s access token: open it only in your own browser, and do not share it.\n');
  process.stdout.write(`History and drafts are kept in ${chosenDataDir}\n`);
  if (open) openInBrowser(host.url);

  const shutdown = async () => {
    await host.close();
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write('patchbay: could not open a browser; open the URL above by hand.\n'));
  child.unref();
}
