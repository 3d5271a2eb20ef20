import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { currentPublicEdition } from '../domain/catalog.js';
import { decodeCsvFile } from '../domain/csv.js';
import { applyImport } from '../domain/import/apply.js';
import { type ImportReport, type ImportTarget, type Progress, checkImport, importMessage, isReady, rowErrorLine } from '../domain/import/plan.js';
import { type Lang, isLang, t } from '../i18n/index.js';
import { listEditions } from '../repositories/editions.js';
import { findOrganizerById, organizerIdBySlug } from '../repositories/organizers.js';
import { openConfiguredDatabase } from './database.js';

const USAGE = `usage: npm run import -- FILE --organizer SLUG [--edition SLUG] [--dry-run] [--draft] [--lang sv|en]
  Imports activities from a CSV file with the columns of /konto/import's template for one
  organizer, as a coordinator would: the edition's registration window does not apply.
  --edition   the edition's slug (default: the current one)
  --dry-run   check and report every row, write nothing
  --draft     save the activities as drafts (default: submit them, as the form's "submit" does)
  --lang      language of the report (default sv)
Exit code 0 when the file was imported (or checked) without errors, 1 when nothing was written
because of errors, 2 for a wrong command line.`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      organizer: { type: 'string' },
      edition: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      draft: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'sv' },
    },
  });
} catch (error) {
  console.error(`temadag: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { positionals, values } = args;
const [file] = positionals;
if (!file || !values.organizer || positionals.length > 1 || !isLang(values.lang)) {
  console.error(USAGE);
  process.exit(2);
}
const lang: Lang = values.lang;

const { database } = openConfiguredDatabase();
const { db } = database;

/** A bar per phase (checking, then writing) on stderr, only when someone watches it. */
function progressBar(): { onProgress?: Progress; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  let bar: SingleBar | undefined;
  let current: string | undefined;
  return {
    onProgress(phase, done, total) {
      if (phase !== current) {
        bar?.stop();
        current = phase;
        bar = new SingleBar({ stream: process.stderr, format: `${phase.padEnd(5)} {bar} {value}/{total} ({percentage}%) {duration}s` }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar!.update(done);
    },
    stop: () => bar?.stop(),
  };
}

function print(report: ImportReport) {
  for (const problem of report.problems) console.log(importMessage(lang, 'problems', problem));
  for (const row of report.rows) {
    const status = row.status ? t(lang, `konto.status.${row.status}`) : '';
    console.log([row.row, row.ref, t(lang, `import.outcome.${row.outcome}`), status, row.title].join('\t'));
    for (const error of row.errors) console.log(`  ${rowErrorLine(lang, row.row, error)}`);
  }
  console.log((['create', 'update', 'unchanged', 'error'] as const).map((o) => `${t(lang, `import.outcome.${o}`)}: ${report.counts[o]}`).join(', '));
}

const progress = progressBar();
try {
  const organizerId = await organizerIdBySlug(db, values.organizer);
  const organizer = organizerId === undefined ? undefined : await findOrganizerById(db, organizerId);
  if (!organizer) throw new Error(`there is no organizer with the slug "${values.organizer}"`);
  const edition = values.edition === undefined ? await currentPublicEdition(db, new Date()) : (await listEditions(db)).find((e) => e.slug === values.edition);
  if (!edition) throw new Error(values.edition === undefined ? 'there is no current edition; name one with --edition' : `there is no edition with the slug "${values.edition}"`);
  const decoded = decodeCsvFile(readFileSync(file));
  if (decoded.problem) {
    console.log(importMessage(lang, 'problems', decoded.problem));
    process.exitCode = 1;
  } else {
    const target: ImportTarget = { organizer, edition, intent: values.draft ? 'draft' : 'submit', coordinator: true, accountId: null, now: new Date() };
    const dryRun = values['dry-run'];
    const result = dryRun ? { report: await checkImport(db, target, decoded.text, progress.onProgress), applied: false } : await applyImport(db, target, decoded.text, progress.onProgress);
    progress.stop();
    print(result.report);
    const failed = result.report.problems.length > 0 || result.report.counts.error > 0;
    if (failed) console.log(t(lang, 'import.report.nothingSaved'));
    else if (!isReady(result.report)) console.log(t(lang, 'import.report.nothingToDo'));
    else console.log(t(lang, dryRun ? 'import.report.dryRun' : 'import.report.applied'));
    process.exitCode = failed ? 1 : 0;
  }
} catch (error) {
  progress.stop();
  console.error(`temadag: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
