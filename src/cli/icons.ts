/**
 * npm run icons: the favicon and touch icons (PNG and ICO) drawn from public/icons/icon.svg by
 * Debian's Chromium, so a deployment that changes the mark regenerates them in one step.
 * Every browser asks for /favicon.ico and iOS for a touch icon whatever the page links, and
 * neither takes SVG, so raster copies are shipped beside the SVG.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { inPackage } from '../paths.js';
import { chromium } from 'playwright-core';

const ICONS = `${inPackage('public', 'icons')}/`;
const svg = readFileSync(`${ICONS}icon.svg`, 'utf8');

/** An ICO file holding PNG images, as every browser since Internet Explorer 9 reads it. */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  /** Touch icons fill their square (the phone rounds the corners itself); favicons keep the transparent corners. */
  const render = async (size: number, filled: boolean) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:${filled ? '#0b4a8b' : 'transparent'}">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
    );
    return page.screenshot({ omitBackground: !filled, type: 'png' });
  };
  const small = [16, 32, 48];
  const favicons = [];
  for (const size of small) favicons.push({ size, png: await render(size, false) });
  writeFileSync(`${ICONS}favicon.ico`, ico(favicons));
  writeFileSync(`${ICONS}apple-touch-icon.png`, await render(180, true));
  writeFileSync(`${ICONS}icon-192.png`, await render(192, true));
} finally {
  await browser.close();
}
