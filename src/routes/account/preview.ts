import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { NotFoundError } from '../../domain/errors.js';
import { type Lang, t } from '../../i18n/index.js';
import { VENUE_FACTS, findActivityDetails } from '../../repositories/activities.js';

const FACT_FIELDS = { step_free: 'stepFree', hearing_loop: 'hearingLoop', accessible_toilet: 'accessibleToilet', accessible_parking: 'accessibleParking' } as const;

/**
 * What the partial `activity-details` needs: every fact of the public activity page, for the
 * organizer's preview and the coordinator's review, so neither approves what the public will
 * read without having seen it.
 */
export async function activityDetailsView(db: Kysely<DB>, lang: Lang, id: number, baseUrl: string) {
  const details = await findActivityDetails(db, id, (x) => `${baseUrl}/aktiviteter/${x}`);
  if (!details) throw new NotFoundError(`There is no activity ${id}.`);
  const venue = details.venue;
  return {
    details,
    venueFacts: venue ? VENUE_FACTS.map((fact) => ({ label: t(lang, `access.${fact}`), yes: venue[FACT_FIELDS[fact]] })) : null,
  };
}
