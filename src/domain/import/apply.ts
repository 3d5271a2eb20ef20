import type { Kysely } from 'kysely';
import type { Activity, DB } from '../../db/types.js';
import { type ActivityChildren, deleteActivityWrittenAt, replaceActivityChildren, restoreActivityWrittenAt } from '../../repositories/activity-writes.js';
import { deleteUnusedVenue } from '../../repositories/venues.js';
import { takeTurn } from '../../turns.js';
import { type DraftWrite, createDrafts, writeDraft } from '../activities.js';
import { transact } from '../transaction.js';
import { createVenue } from '../venues.js';
import { type ImportReport, type ImportTarget, type Plan, type PlannedRow, type Progress, isReady, pacer, planImport } from './plan.js';

/** Rows written per transaction: short enough that other writers wait a few tens of milliseconds at most. */
const BATCH_ROWS = 100;
/**
 * Rows written between two looks at the event loop. On SQLite every statement runs synchronously,
 * and a whole batch at once kept visitors' pages waiting behind it; readers have their own
 * connection, so they go on while the batch's transaction stays open.
 */
const SLICE_ROWS = 25;

/** What a written batch changed, so a failed import can be taken back. */
type Undo = { created: number } | { updated: Activity; children: ActivityChildren } | { venue: number };

/**
 * Writes a plan that has no errors, in batches of their own short transactions, so other
 * organizers' saves and the site's reads go on beside a large import (one transaction of 5 000
 * rows held SQLite's only writer, and the event loop, for seconds). All or nothing still holds:
 * every row was checked before the first write, and if a batch fails all the same (a venue
 * deleted meanwhile, a conflicting import), the batches written before it are taken back.
 */
export async function writePlan(db: Kysely<DB>, target: ImportTarget, planned: Plan, onProgress?: Progress): Promise<void> {
  const at = target.now.toISOString();
  const journal: Undo[] = [];
  const pace = pacer();
  const changing = planned.rows.filter((r) => r.outcome === 'create' || r.outcome === 'update');
  try {
    const wanted = [...new Set(changing.flatMap((r) => (r.newVenue ? [r.newVenue] : [])))];
    const venueIds = new Map<string, number>();
    await transact(db, async (trx) => {
      for (const key of wanted) venueIds.set(key, (await createVenue(trx, target.organizer.id, planned.newVenues.get(key)!, target.accountId, at)).id);
    });
    journal.push(...[...venueIds.values()].map((venue) => ({ venue })));
    for (let start = 0; start < changing.length; start += BATCH_ROWS) {
      const batch = changing.slice(start, start + BATCH_ROWS);
      const undo = await transact(db, async (trx, changes) => {
        const written: Undo[] = [];
        const write = (row: PlannedRow): DraftWrite => ({
          accountId: target.accountId,
          byCoordinator: target.coordinator,
          edition: target.edition,
          organizer: target.organizer,
          existing: row.existing,
          draft: row.newVenue ? { ...row.draft!, venueId: venueIds.get(row.newVenue)! } : row.draft!,
          intent: target.intent,
          externalRef: row.ref,
          at,
        });
        for (let first = 0; first < batch.length; first += SLICE_ROWS) {
          const slice = batch.slice(first, first + SLICE_ROWS);
          const created = await createDrafts(trx, changes, slice.filter((row) => !row.existing).map(write));
          written.push(...created.map((activity) => ({ created: activity.id })));
          for (const row of slice.filter((r) => r.existing)) {
            const { outcome } = await writeDraft(trx, changes, write(row));
            if (outcome === 'updated') written.push({ updated: row.existing!, children: row.existingChildren! });
            await pace();
          }
          await pace();
        }
        return written;
      });
      journal.push(...undo);
      onProgress?.('write', Math.min(start + BATCH_ROWS, changing.length), changing.length);
      // On SQLite every statement runs synchronously: let the requests that came meanwhile through.
      await takeTurn();
    }
  } catch (error) {
    await undoImport(db, journal, at);
    throw error;
  }
}

/**
 * Takes back what an import wrote before it failed, newest first. An activity someone changed
 * since the import wrote it (its updated_at is no longer the import's) is left as they made it.
 */
async function undoImport(db: Kysely<DB>, journal: readonly Undo[], at: string): Promise<void> {
  await transact(db, async (trx, changes) => {
    for (const step of [...journal].reverse()) {
      if ('venue' in step) await deleteUnusedVenue(trx, step.venue);
      else if ('created' in step) {
        await changes.activities([step.created]);
        await deleteActivityWrittenAt(trx, step.created, at);
      } else {
        await changes.activities([step.updated.id]);
        if (await restoreActivityWrittenAt(trx, step.updated, at)) await replaceActivityChildren(trx, step.updated.id, step.children);
      }
    }
  });
}

/** Imports the file when every row is right (in batches, all or nothing); otherwise writes nothing. The command line's way. */
export async function applyImport(db: Kysely<DB>, target: ImportTarget, text: string, onProgress?: Progress): Promise<{ report: ImportReport; applied: boolean }> {
  const planned = await planImport(db, target, text, onProgress);
  if (!isReady(planned.report)) return { report: planned.report, applied: false };
  await writePlan(db, target, planned, onProgress);
  return { report: planned.report, applied: true };
}
