// Renders build/icon.svg to the PNGs electron-builder packages (512 and 1024 px, transparent
// corners) with the system Chromium: `node build/render-icon.mjs`. The PNGs are committed.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const svg = await readFile(fileURLToPath(new URL('icon.svg', import.meta.url)), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [size, name] of [[1024, 'icon.png'], [512, 'icon-512.png']]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: fileURLToPath(new URL(name, import.meta.url)), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
