// `patchbay web`: the engine plus the built UI, served to a local browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../core/engine';
import { startHeadlessHost } from '../headless/host';

/** `trafficEntries`: the traffic log's size (older entries are evicted and counted). */
export async function webCommand({ port, open, trafficEntries }: { port: number; open?: boolean; trafficEntries?: number }): Promise<void> {
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(rendererDir)) {
    process.stderr.write(`patchbay: the UI is not built (${rendererDir} is missing). Run \`npm run build\` first.\n`);
    process.exitCode = 2;
    return;
  }
  const engine = createEngine({ trafficCapacity: trafficEntries });
  let host;
  try {
    host = await startHeadlessHost({ engine, rendererDir, port });
  } catch (error) {
    await engine.close();
    process.stderr.write(`patchbay: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}. Pick another --port, or 0 for any free port.\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`Patchbay is running at ${host.url}\n`);
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
