import type { FastifyInstance } from 'fastify';
import { activityPreview } from '../../domain/organizer-desk.js';
import { type Lang, t } from '../../i18n/index.js';

/**
 * What the partial `activity-details` needs: every fact of the public activity page, for the
 * organizer's preview and the coordinator's review, so neither approves what the public will
 * read without having seen it.
 */
export async function activityDetailsView(app: FastifyInstance, lang: Lang, id: number) {
  const { details, venueFacts } = await activityPreview(app.db, id);
  return {
    details,
    venueFacts: venueFacts && venueFacts.map(({ fact, yes }) => ({ label: t(lang, `access.${fact}`), yes })),
  };
}
