import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's folder: the nearest folder above this module that holds package.json. It is the
 * same whether the app runs from source (src/paths.ts, under tsx or vitest) or from the build
 * (dist/src/paths.js), so the files that are not code (templates, message catalogues, static
 * files, reference data) are read where the repository keeps them and are never copied into dist/:
 * the build cannot miss one, and an edited template shows after a restart without a rebuild.
 */
function findPackageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${start} or any folder above it`);
  }
}

export const PACKAGE_ROOT = findPackageRoot();

/** A path inside the package: `inPackage('src', 'views')`. */
export function inPackage(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
