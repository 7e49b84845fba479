// Renders assets/icon.svg and the tray glyphs to the committed PNGs, with Debian's Chromium.
// Run: node assets/generate-icons.mjs
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { trayGlyph } from './tray.svg.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const browser = await chromium.launch({
  executablePath: process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium',
  args: ARGS,
});
const page = await browser.newPage();

async function render(svg, size, file) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
  );
  await page.locator('img').evaluate((img) => img.decode());
  await mkdir(dirname(file), { recursive: true });
  await page.screenshot({
    path: file,
    omitBackground: true,
    clip: { x: 0, y: 0, width: size, height: size },
  });
}

const appIcon = await readFile(join(here, 'icon.svg'), 'utf8');
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
  await render(appIcon, size, join(here, 'icons', `${size}x${size}.png`));
}
await render(appIcon, 1024, join(here, 'icon.png'));

const themes = {
  light: { color: '#1f2937', dot: '#16a34a', alert: '#dc2626' }, // dark glyph for a light menu bar
  dark: { color: '#f3f4f6', dot: '#4ade80', alert: '#f87171' }, // light glyph for a dark menu bar
};
for (const state of ['idle', 'active', 'failing']) {
  const failing = state === 'failing';
  const active = state !== 'idle';
  for (const [theme, { color, dot, alert }] of Object.entries(themes)) {
    const svg = trayGlyph({ active, failing, color, dot: failing ? alert : dot });
    await render(svg, 16, join(here, 'tray', `tray-${state}-${theme}.png`));
    await render(svg, 32, join(here, 'tray', `tray-${state}-${theme}@2x.png`));
  }
  // macOS template images: black and alpha only; the system tints them.
  const template = trayGlyph({ active, failing, color: '#000000', dot: '#000000' });
  await render(template, 16, join(here, 'tray', `tray-${state}Template.png`));
  await render(template, 32, join(here, 'tray', `tray-${state}Template@2x.png`));
}
await browser.close();
