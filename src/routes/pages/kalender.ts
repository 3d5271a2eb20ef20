import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Info } from 'luxon';
import { type CalendarDate, dayView, monthView, parseCalendarDate } from '../../domain/calendar.js';
import { editionDays } from '../../domain/catalog.js';
import { currentEditionOrFail, editionChoices } from '../../domain/public-pages.js';
import { formatDay, inStockholm } from '../../i18n/dates.js';
import { LOCALES, type Lang, t } from '../../i18n/index.js';

/** More than this on one day and the agenda sends the visitor on to the search to narrow it down. */
const AGENDA_LIMIT = 300;

const monthName = (lang: Lang, month: string) => inStockholm(lang, `${month}-01`).toFormat('LLLL yyyy');

/** Every public edition with links to its days, so the calendar can jump between years. */
async function editionLinks(app: FastifyInstance, lang: Lang) {
  const editions = await editionChoices(app.db);
  return editions.map((e) => ({
    name: e.name,
    days: editionDays(e).map((day) => ({ day, label: formatDay(lang, day) })),
  }));
}

async function renderMonth(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, month: string) {
  const lang = request.lang;
  const [view, editions] = await Promise.all([monthView(app.db, month), editionLinks(app, lang)]);
  const long = Info.weekdays('long', { locale: LOCALES[lang] });
  const short = Info.weekdays('short', { locale: LOCALES[lang] });
  return reply.page('kalender-month', {
    title: t(lang, 'calendar.monthTitle', { month: monthName(lang, month) }),
    view,
    monthName: monthName(lang, month),
    previousName: monthName(lang, view.previous),
    nextName: monthName(lang, view.next),
    weekdays: long.map((name, i) => ({ long: name, short: short[i] })),
    editions,
  });
}

async function renderDay(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, day: string) {
  const lang = request.lang;
  const view = await dayView(app.db, day, AGENDA_LIMIT);
  return reply.page('kalender-day', {
    title: formatDay(lang, day),
    view,
    monthName: monthName(lang, view.month),
    previousName: formatDay(lang, view.previous),
    nextName: formatDay(lang, view.next),
    limited: view.shown < view.total,
    // The search narrows one edition's day; the day's activities belong to the edition of its first.
    searchHref: `/aktiviteter?edition=${view.hours[0]?.items[0]?.edition ?? ''}&day=${day}`,
    hours: view.hours,
  });
}

/** /kalender: a month grid with a count per day, and /kalender/YYYY-MM-DD: that day's agenda by hour. */
export default async function kalender(app: FastifyInstance): Promise<void> {
  app.get('/kalender', async (request, reply) => {
    // A chosen month (/kalender/2027-10) may be empty; the calendar's own start page says there is nothing yet.
    const edition = await currentEditionOrFail(app.db, app.now());
    return renderMonth(app, request, reply, edition.firstDay.slice(0, 7));
  });

  app.get<{ Params: { date: string } }>('/kalender/:date', async (request, reply) => {
    const { date } = request.params;
    const parsed: CalendarDate | undefined = parseCalendarDate(date);
    if (!parsed) return reply.errorPage(404, t(request.lang, 'calendar.unknownDate', { date: date.slice(0, 40) }));
    return parsed.kind === 'month' ? renderMonth(app, request, reply, parsed.month) : renderDay(app, request, reply, parsed.day);
  });
}
