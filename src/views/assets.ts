import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** What a browser needs to know about a file it may keep for a year. */
export interface Asset {
  /** /assets/<name>.<hash>.<ext>: a new content is a new address, so the old one can be cached forever. */
  url: string;
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function fingerprinted(name: string, body: Buffer): Asset {
  const ext = extname(name);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { url: `/assets/${basename(name, ext)}.${hash}${ext}`, body, type: TYPES[ext] ?? 'application/octet-stream' };
}

/**
 * Every file of public/ (and public/icons/) by its plain name ("site.css", "icons/favicon.ico"),
 * read once at start, plus the configured logo as "logo". Files change only with a deployment,
 * which restarts the app.
 */
export function loadAssets(publicDir: string, logoFile: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const folder of ['', 'icons/']) {
    for (const file of readdirSync(join(publicDir, folder), { withFileTypes: true })) {
      if (!file.isFile() || !(extname(file.name) in TYPES)) continue;
      const name = `${folder}${file.name}`;
      assets.set(name, fingerprinted(name.replace('/', '-'), readFileSync(join(publicDir, name))));
    }
  }
  assets.set('logo', fingerprinted(`logo${extname(logoFile).toLowerCase()}`, readFileSync(logoFile)));
  return assets;
}
