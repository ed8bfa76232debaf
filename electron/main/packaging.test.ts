// The desktop package as electron-builder would make it, checked without packaging (no Electron
// binary here): the config is valid for electron-builder's schema, has the targets and fuses the
// issue asks for, and its `files` globs take every file the built main process loads, and no
// CLI, headless host, benchmark or fixture. Needs `npm run build` first (npm test builds).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PATCHBAY_HOMEPAGE } from './app-menu';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

type BuilderConfig = {
  appId: string;
  productName: string;
  icon: string;
  asar: boolean;
  files: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; executableName: string; maintainer: string; synopsis: string; category: string };
  mac: { target: string };
  win: { target: string };
};
const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** electron-builder's reading of `files`: included by some pattern and excluded by no "!" pattern. */
function packaged(path: string): boolean {
  const includes = config.files.filter((pattern) => !pattern.startsWith('!'));
  const excludes = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  return includes.some((pattern) => minimatch(path, pattern, { dot: true })) && !excludes.some((pattern) => minimatch(path, pattern, { dot: true }));
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

/** Every file `entry` loads, itself included, following relative imports; and the packages it imports by name. */
function loadedBy(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const [, specifier] of text.matchAll(IMPORT)) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) visit(posix.normalize(posix.join(posix.dirname(file), specifier)));
      else if (!specifier.startsWith('node:') && !specifier.includes('${')) packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(entry);
  return { files: [...files].sort(), packages };
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder', async () => {
    const builderConfig = require(join(dirname(require.resolve('app-builder-lib/package.json')), 'out/util/config/config.js')) as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
    const quiet = { log: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined };
    await expect(builderConfig.validateConfiguration(config, quiet)).resolves.toBeUndefined();
    // Loading electron-builder's schema validator takes seconds on a loaded machine.
  }, 60_000);

  it('makes an AppImage and a deb, a dmg and an NSIS installer, from an asar, with the app id, name and icon', () => {
    expect([config.linux.target, config.mac.target, config.win.target]).toEqual([['AppImage', 'deb'], 'dmg', 'nsis']);
    expect([config.appId, config.productName, config.asar]).toEqual(['dev.patchbay.app', 'Patchbay', true]);
    expect([config.linux.executableName, config.linux.category]).toEqual(['patchbay-desktop', 'Development']);
    expect(config.linux.maintainer).toMatch(/^.+ <.+@.+>$/);
    expect(config.linux.synopsis.length).toBeGreaterThan(10);
    const png = readFileSync(join(repoRoot, config.icon));
    // The PNG header's width and height: electron-builder needs at least 512 px (macOS 1024).
    expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(['PNG', 1024, 1024]);
    const homepage = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { homepage: string }).homepage;
    expect(homepage).toBe(PATCHBAY_HOMEPAGE);
  });

  it('flips every Electron fuse the issue asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('packages every file the built main process loads, and no CLI, headless host, benchmark, fixture or source', () => {
    const main = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string }).main;
    if (!existsSync(join(repoRoot, main)) || !existsSync(join(repoRoot, 'dist/preload/index.cjs')) || !existsSync(join(repoRoot, 'dist/renderer/index.html'))) {
      throw new Error(`The app is not built (${main}, dist/preload/index.cjs or dist/renderer/index.html is missing): run \`npm run build\` first.`);
    }
    const { files, packages } = loadedBy(main);
    // The entry and the chunks it shares with the CLI (dist/node/assets/…), nothing else.
    expect(files).toContain('dist/node/main.js');
    expect(files.filter((file) => file !== 'dist/node/main.js' && !/^dist\/node\/assets\/[\w.-]+\.js$/.test(file))).toEqual([]);
    expect(files.filter((file) => !packaged(file))).toEqual([]);
    expect(files.filter((file) => /\b(cli|bench)\.js$|fixtures\//.test(file))).toEqual([]);
    // The headless host's and the CLI's own packages stay out of the main process.
    expect([...packages].filter((name) => ['ws', 'sirv', 'commander'].includes(name))).toEqual([]);
    expect(packages.has('electron')).toBe(true);

    for (const file of ['package.json', 'dist/preload/index.cjs', 'dist/renderer/index.html']) expect([file, packaged(file)]).toEqual([file, true]);
    const outside = ['dist/node/cli.js', 'dist/node/bench.js', 'dist/node/main.js.map', 'fixtures/nest/start.mjs', 'electron/main/index.ts', 'electron/headless/host.ts', 'electron/main/packaging.test.ts', 'renderer/main.tsx', 'shared/contract.ts', 'build/icon.svg', 'README.md'];
    expect(outside.filter(packaged)).toEqual([]);
  });
});
