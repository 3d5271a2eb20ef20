import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type IdPath, type TextQuery, idPath, textQuery } from '../readable-input.js';
import type { Venue } from '../../domain/records.js';
import type { FieldErrors } from '../../domain/activity-rules.js';
import { isCoordinator } from '../../domain/permissions.js';
import { activitiesUsingVenue, townsToPick, venueLists, venueUse } from '../../domain/organizer-desk.js';
import { type VenueEditForm, VenueInUseError, deleteVenue, saveVenue, venueEditForm, venueForActor } from '../../domain/venues.js';
import { t } from '../../i18n/index.js';
import { type VenueBody, readVenueForm, townGroups, venueBody } from './activity-form.js';
import { errorMessages, idParam, requireAccount } from './http.js';

/** The order of the venue page's fields, for its error summary. */
const FIELD_ORDER = ['venueName', 'venueStreetAddress', 'venuePostalCode', 'venueTownId', 'venueAccessibilityNotes'];

/** An organization's venues under /konto/platser: the list, changing one, deleting one no activity uses. */
export default async function venues(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAccount);

  const actorOf = (request: FastifyRequest) => request.account!;

  app.get<TextQuery<'arrangor'>>('/konto/platser', textQuery('arrangor'), async (request, reply) => {
    const organizers = await venueLists(app.db, actorOf(request), request.query.arrangor ?? '');
    const flash = request.takeFlash();
    return reply.page('konto/venues', {
      title: t(request.lang, 'konto.venues.title'),
      flash: flash && t(request.lang, flash),
      coordinatorHint: isCoordinator(actorOf(request)) && organizers.length === 0,
      organizers,
    });
  });

  async function venuePage(
    request: FastifyRequest,
    reply: FastifyReply,
    venue: Venue,
    options: { form?: VenueEditForm; errors?: FieldErrors; status?: number; refused?: boolean } = {},
  ) {
    const form = options.form ?? venueEditForm(venue);
    const { byField, list } = errorMessages(request.lang, options.errors ?? {}, FIELD_ORDER);
    const [{ organizer, activities }, towns] = await Promise.all([venueUse(app.db, venue), townsToPick(app.db)]);
    const flash = request.takeFlash();
    return reply.code(options.status ?? 200).page('konto/venue', {
      title: t(request.lang, 'konto.venues.editTitle'),
      lead: `${venue.name} · ${organizer.name}`,
      id: venue.id,
      organizerId: venue.organizerId,
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
      refused: options.refused ? t(request.lang, 'konto.venues.inUse', { count: activities.length }) : undefined,
      venue: form,
      errors: byField,
      errorList: list,
      venueTowns: townGroups(towns, form.venueTownId),
      activities: activities.map((a) => ({ ...a, statusLabel: t(request.lang, `konto.status.${a.status}`) })),
    });
  }

  app.get<IdPath>('/konto/platser/:id', idPath(), async (request, reply) => venuePage(request, reply, await venueForActor(app.db, actorOf(request), idParam(request))));

  app.post<VenueBody<'venueAccessibilityNotes'> & IdPath>('/konto/platser/:id', idPath({ config: { multiline: ['venueAccessibilityNotes'] }, ...venueBody('venueAccessibilityNotes') }), async (request, reply) => {
    const venue = await venueForActor(app.db, actorOf(request), idParam(request));
    const form = { ...readVenueForm(request.body), venueAccessibilityNotes: request.body.venueAccessibilityNotes };
    const result = await saveVenue(app.db, actorOf(request), venue.id, form, app.now());
    if (result.errors) return venuePage(request, reply, venue, { form, errors: result.errors, status: 422 });
    request.flash('konto.venues.saved');
    return reply.redirect(`/konto/platser/${venue.id}`, 303);
  });

  app.get<IdPath>('/konto/platser/:id/ta-bort', idPath(), async (request, reply) => {
    const venue = await venueForActor(app.db, actorOf(request), idParam(request));
    const activities = await activitiesUsingVenue(app.db, venue.id);
    // A venue in use offers nothing to delete: its page says why, and lists the activities.
    if (activities.length > 0) return venuePage(request, reply, venue, { status: 409, refused: true });
    return reply.page('konto/venue-delete', {
      title: t(request.lang, 'konto.venues.deleteTitle', { name: venue.name }),
      venue,
      csrf: request.csrfToken(),
    });
  });

  app.post<IdPath>('/konto/platser/:id/ta-bort', idPath(), async (request, reply) => {
    const venue = await venueForActor(app.db, actorOf(request), idParam(request));
    try {
      await deleteVenue(app.db, actorOf(request), venue.id, app.now());
    } catch (error) {
      if (error instanceof VenueInUseError) return venuePage(request, reply, venue, { status: 409, refused: true });
      throw error;
    }
    request.flash('konto.venues.deleted');
    return reply.redirect(`/konto/platser?arrangor=${venue.organizerId}`, 303);
  });
}
