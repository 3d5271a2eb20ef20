import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The W3C Nu HTML checker as shipped by the vnu-jar package; needs Java 11 or newer on the PATH. */
export const VNU_JAR = 'node_modules/vnu-jar/build/dist/vnu.jar';

export interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/**
 * Checks several documents in one Java start (it takes seconds) and returns the
 * checker's messages per document name.
 */
export function checkHtml(documents: readonly { name: string; html: string }[]): Map<string, NuMessage[]> {
  const dir = mkdtempSync(join(tmpdir(), 'temadag-vnu-'));
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `${i}.html`);
      writeFileSync(file, doc.html);
      return { name: doc.name, file };
    });
    const run = spawnSync('java', ['-jar', VNU_JAR, '--format', 'json', '--stdout', ...files.map((f) => f.file)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    // The checker exits 1 when it finds errors; only output that is not its JSON report is a failure to run.
    const report = JSON.parse(run.stdout) as { messages: (NuMessage & { url: string })[] };
    const byName = new Map<string, NuMessage[]>(documents.map((d) => [d.name, []]));
    for (const { url, ...message } of report.messages) {
      // The checker names documents as file:/path URLs.
      const file = files.find((f) => url === `file:${f.file}`);
      if (!file) throw new Error(`vnu reported on an unknown document ${url}: ${message.message}`);
      byName.get(file.name)!.push(message);
    }
    return byName;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
