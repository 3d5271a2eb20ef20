import { DateTime } from 'luxon';
import type { Kysely, Transaction } from 'kysely';
import type { ActivityFormat, DB } from '../src/db/types.js';
import { hashPassword } from '../src/domain/passwords.js';
import { slugify } from '../src/domain/slug.js';
import { ZONE, stockholmInstant } from '../src/domain/time.js';
import {
  type ActivityTemplate,
  LOCAL_ORGANIZERS,
  NATIONAL_ORGANIZERS,
  type OrganizerSpec,
  POSTAL_PREFIX,
  STREETS,
  TEMPLATES,
} from './catalog.js';
import { type Plan, type PlannedActivity, type PlannedEdition, type PlannedOrganizer, type PlannedVenue, stableUuid, writePlan } from './plan.js';
import { Random } from './random.js';
import { type ReferenceTown, loadTowns, regions, writeReferenceData } from './reference.js';

/** Municipalities whose seat had activities on Digital@Idag 2019: 110 towns in all 21 counties. */
export const TOWNS_2019 = [
  '0180', '0181', '0182', '0126', '0127', '0136', '0188', '0191', '0163', '0123',
  '0380', '0381', '0360', '0382',
  '0484', '0480', '0483', '0486',
  '0580', '0581', '0583', '0586', '0562',
  '0680', '0683', '0682', '0685', '0687',
  '0780', '0781', '0765',
  '0880', '0883', '0882', '0881', '0884',
  '0980',
  '1080', '1082', '1081',
  '1280', '1281', '1283', '1290', '1293', '1286', '1287', '1282', '1292', '1285',
  '1380', '1383', '1382', '1384',
  '1480', '1490', '1488', '1485', '1496', '1494', '1487', '1489', '1481', '1482', '1499', '1493', '1486',
  '1780', '1784', '1781', '1737', '1785',
  '1880', '1883', '1885',
  '1980', '1983', '1981', '1982',
  '2080', '2081', '2062', '2085', '2084',
  '2180', '2181', '2184', '2183', '2182', '2161',
  '2281', '2284', '2280', '2283', '2282',
  '2380', '2313', '2361',
  '2480', '2482', '2481', '2462', '2421',
  '2580', '2581', '2584', '2523', '2582', '2583', '2505',
];

/** Of those, the ones without a state service office in the demo data. */
const WITHOUT_SERVICE_OFFICE = ['0163', '0182', '0127', '0123', '1281', '1481', '1482', '0191', '0126', '1285', '0382', '2421'];

export const DEMO_ACCOUNTS = [
  { email: 'arrangor@example.se', name: 'Anna Arrangör', password: 'arrangor-demo', role: 'organizer', organizer: 'umea-stadsbibliotek' },
  { email: 'abf@example.se', name: 'Bo Bildning', password: 'abf-demo', role: 'organizer', organizer: 'abf' },
  { email: 'samordnare@example.se', name: 'Sara Samordnare', password: 'samordnare-demo', role: 'coordinator', organizer: null },
] as const;

const HELP_PHONE = '020-22 24 26';
const HELP_TEXT =
  'Har du ingen dator eller vill du ha hjälp att hitta en aktivitet nära dig? Ring oss vardagar 9–16, ' +
  'eller fråga på biblioteket eller servicekontoret där du bor. Alla aktiviteter är gratis.';
const HELP_TEXT_EN =
  'No computer, or would you like help finding an activity near you? Call us on weekdays 9–16, ' +
  'or ask at the library or the service office where you live. Every activity is free.';

const CANCEL_REASONS = [
  'Föreläsaren har blivit sjuk. Vi hoppas kunna erbjuda en ny tid senare i höst.',
  'Lokalen är tyvärr inte tillgänglig den dagen.',
  'För få anmälda. Välkommen till bibliotekets drop-in i stället.',
];

interface Organizer extends PlannedOrganizer {
  /** Template group in the catalog. */
  templates: ActivityTemplate[];
  home: ReferenceTown | null;
  short: string;
}

class DemoBuilder {
  readonly plan: Plan = { editions: [], organizers: [], venues: [], activities: [] };
  readonly towns: ReferenceTown[] = loadTowns();
  readonly #seats = new Map(this.towns.filter((t) => t.seat).map((t) => [t.municipalityCode, t]));
  readonly #countyOf = new Map(regions.counties.flatMap((c) => c.municipalities.map((m) => [m.code, c.code])));
  readonly #venues = new Set<string>();
  readonly organizers = new Map<string, Organizer>();
  #counter = 0;

  constructor(readonly random: Random) {
    for (const spec of NATIONAL_ORGANIZERS) this.#addOrganizer(spec, spec.key, null);
    for (const [name, kind, townName] of LOCAL_ORGANIZERS) {
      const home = this.towns.find((t) => t.name === townName && t.seat);
      if (!home) throw new Error(`catalog: no seat town named ${townName}`);
      const slug = slugify(name);
      const domain = `${slugify(home.name)}.se`;
      this.#addOrganizer(
        {
          key: kind,
          name,
          kind,
          website: `https://www.${domain}`,
          description: `${name} deltar i Digital@Idag med aktiviteter för invånarna i ${home.name} med omnejd.`,
          email: `${kind === 'library' ? 'bibliotek' : 'info'}@${domain}`,
          phone: `0${this.random.int(10, 99)}-${this.random.int(10, 99)} ${this.random.int(10, 99)} ${this.random.int(10, 99)}`,
          trusted: kind === 'municipality' || kind === 'region',
        },
        slug,
        home,
      );
    }
  }

  #addOrganizer(spec: OrganizerSpec, key: string, home: ReferenceTown | null) {
    const short = spec.name.split(/ [–(]/)[0]!;
    const slug = home ? key : slugify(short);
    const templates = (home ? undefined : TEMPLATES[spec.key]) ?? TEMPLATES[spec.kind] ?? [];
    const organizer: Organizer = {
      slug,
      name: spec.name,
      kind: spec.kind,
      description: spec.description,
      website: spec.website,
      publicEmail: spec.email,
      publicPhone: spec.phone,
      privateContactName: this.random.pick(['Karin Lindqvist', 'Ahmed Hassan', 'Eva Nilsson', 'Johan Berg', 'Maria Svensson', 'Per Åberg']),
      privateEmail: `kontaktperson.${slug.slice(0, 20)}@example.se`,
      privatePhone: `070-${this.random.int(100, 999)} ${this.random.int(10, 99)} ${this.random.int(10, 99)}`,
      trusted: spec.trusted ?? false,
      createdAt: '2019-05-02T08:00:00.000Z',
      templates,
      home,
      short,
    };
    this.organizers.set(slug, organizer);
    this.plan.organizers.push(organizer);
  }

  organizer(slug: string): Organizer {
    const organizer = this.organizers.get(slug);
    if (!organizer) throw new Error(`unknown demo organizer ${slug}`);
    return organizer;
  }

  seat(code: string): ReferenceTown {
    const town = this.#seats.get(code);
    if (!town) throw new Error(`no seat town for municipality ${code}`);
    return town;
  }

  edition(e: Omit<PlannedEdition, 'helpPhone' | 'helpText' | 'helpTextTranslations'>): PlannedEdition {
    const edition = { ...e, helpPhone: HELP_PHONE, helpPhoneLanguages: ['sv', 'en'], helpText: HELP_TEXT, helpTextTranslations: { en: HELP_TEXT_EN } };
    this.plan.editions.push(edition);
    return edition;
  }

  /** The organizer's venue in a town, created on first use. */
  venue(organizer: Organizer, town: ReferenceTown): PlannedVenue {
    const name = this.#venueName(organizer, town);
    const existing = this.plan.venues.find((v) => v.organizerSlug === organizer.slug && v.name === name);
    if (existing) return existing;
    const prefixes = POSTAL_PREFIX[this.#countyOf.get(town.municipalityCode)!]!;
    const postal = `${this.random.pick(prefixes)}${this.random.int(0, 9)} ${this.random.int(10, 99)}`;
    const venue: PlannedVenue = {
      organizerSlug: organizer.slug,
      name,
      streetAddress: `${this.random.pick(STREETS)} ${this.random.int(1, 48)}`,
      postalCode: postal,
      townSlug: town.slug,
      lat: Math.round((town.lat + (this.random.next() - 0.5) * 0.012) * 1e5) / 1e5,
      lon: Math.round((town.lon + (this.random.next() - 0.5) * 0.02) * 1e5) / 1e5,
      stepFree: this.random.chance(0.85),
      hearingLoop: this.random.chance(0.6),
      accessibleToilet: this.random.chance(0.75),
      accessibleParking: this.random.chance(0.5),
      accessibilityNotes: this.random.pick([
        null,
        null,
        'Entrén har automatisk dörröppnare. Hiss finns till alla våningar.',
        'Ingången från torget har en tröskel; använd entrén från parkeringen.',
        'Hörslinga finns i stora salen. Fråga personalen om ledsagning.',
      ]),
      createdAt: organizer.createdAt,
    };
    if (this.#venues.has(`${organizer.slug}/${name}`)) throw new Error(`duplicate venue ${name}`);
    this.#venues.add(`${organizer.slug}/${name}`);
    this.plan.venues.push(venue);
    return venue;
  }

  #venueName(organizer: Organizer, town: ReferenceTown): string {
    switch (organizer.kind) {
      case 'library':
      case 'school':
        return organizer.name;
      case 'municipality':
        return `Medborgarkontoret i ${town.name}`;
      case 'region':
        return `Vårdcentralen Centrum, ${town.name}`;
      default:
        return organizer.slug === 'statens-servicecenter'
          ? `Servicekontoret ${town.name}`
          : `${organizer.short}, ${town.name}`;
    }
  }

  addKulturhuset(organizer: Organizer): PlannedVenue {
    const venue: PlannedVenue = {
      organizerSlug: organizer.slug,
      name: 'Kulturhuset Stadsteatern',
      streetAddress: 'Sergels torg 3',
      postalCode: '111 57',
      townSlug: 'stockholm',
      lat: 59.33246,
      lon: 18.06486,
      stepFree: true,
      hearingLoop: true,
      accessibleToilet: true,
      accessibleParking: false,
      accessibilityNotes: 'Hörslinga i hörsalen. Hiss från entrén på Sergels torg.',
      createdAt: organizer.createdAt,
    };
    this.plan.venues.push(venue);
    return venue;
  }

  activity(
    edition: PlannedEdition,
    organizer: Organizer,
    town: ReferenceTown | null,
    day: string,
    options: {
      template?: ActivityTemplate;
      status?: PlannedActivity['status'];
      statusReason?: string;
      venue?: PlannedVenue;
      coOrganizers?: string[];
      start?: string;
      createdAt?: string;
    } = {},
  ): PlannedActivity {
    const template = options.template ?? this.random.pick(organizer.templates);
    const format: ActivityFormat = template.format ?? 'on_site';
    const start = options.start ?? this.random.pick(template.starts);
    const startsAt = stockholmInstant(day, start);
    const endsAt = DateTime.fromISO(startsAt).plus({ minutes: template.minutes }).toUTC().toISO()!;
    const placeName = town?.name ?? '';
    const fill = (text: string) => text.replaceAll('{ort}', placeName);
    const venue = format === 'online' || format === 'phone' || !town ? null : (options.venue ?? this.venue(organizer, town));
    const status = options.status ?? 'published';
    const createdAt = options.createdAt ?? DateTime.fromISO(edition.registrationOpensAt).plus({ days: this.random.int(5, 90) }).toUTC().toISO()!;
    const publishedAt = status === 'published' || status === 'cancelled' ? DateTime.fromISO(createdAt).plus({ days: 2 }).toUTC().toISO()! : null;
    const cancelledAt = DateTime.fromISO(stockholmInstant(day, '08:00')).minus({ days: this.random.int(1, 6) }).toUTC().toISO()!;
    this.#counter += 1;
    const activity: PlannedActivity = {
      uid: stableUuid(`temadag-demo:${edition.slug}:${this.#counter}`),
      editionSlug: edition.slug,
      organizerSlug: organizer.slug,
      coOrganizerSlugs: options.coOrganizers ?? [],
      venueName: venue?.name ?? null,
      townSlug: town?.slug ?? null,
      title: fill(template.title),
      summary: fill(template.summary),
      description: fill(template.description),
      startsAt,
      endsAt,
      format,
      onlineUrl: format === 'online' || format === 'hybrid' ? `${organizer.website}/digitalidag` : null,
      phone: format === 'phone' ? organizer.publicPhone : null,
      accessibilityNotes: format === 'online' ? 'Webbinariet textas direkt.' : null,
      registration: template.registration ? 'required' : 'none',
      registrationUrl: template.registration === 'url' ? `${organizer.website}/anmalan` : null,
      registrationPhone: template.registration === 'phone' ? organizer.publicPhone : null,
      capacity: template.capacity ?? null,
      publicEmail: organizer.publicEmail,
      publicPhone: organizer.publicPhone,
      status,
      statusReason: options.statusReason ?? null,
      revision: status === 'cancelled' ? 1 : 0,
      publishedAt,
      createdAt,
      updatedAt: status === 'cancelled' ? cancelledAt : (publishedAt ?? createdAt),
      audiences: template.audiences,
      topics: template.topics,
      languages: template.languages ?? ['sv'],
    };
    this.plan.activities.push(activity);
    return activity;
  }
}

/** The upcoming edition as seen from `now`: the first Thursday and Friday of October, open for registration. */
export function upcomingEditionDays(now: Date): { year: number; firstDay: string; lastDay: string } {
  const firstThursday = (year: number) => {
    const first = DateTime.fromObject({ year, month: 10, day: 1 }, { zone: ZONE });
    return first.plus({ days: (4 - first.weekday + 7) % 7 });
  };
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  let year = today.year;
  if (firstThursday(year).minus({ days: 7 }) <= today) year += 1;
  const first = firstThursday(year);
  return { year, firstDay: first.toISODate()!, lastDay: first.plus({ days: 1 }).toISODate()! };
}

function build2019(b: DemoBuilder) {
  const day = '2019-10-02';
  const edition = b.edition({
    slug: '2019',
    year: 2019,
    name: 'Digital@Idag 2019',
    firstDay: day,
    lastDay: day,
    registrationOpensAt: stockholmInstant('2019-05-01', '00:00'),
    registrationClosesAt: stockholmInstant('2019-09-25', '00:00'),
    status: 'archived',
    createdAt: '2019-04-15T08:00:00.000Z',
  });
  const towns = TOWNS_2019.map((code) => b.seat(code));
  const ssc = b.organizer('statens-servicecenter');
  for (const code of TOWNS_2019.filter((c) => !WITHOUT_SERVICE_OFFICE.includes(c))) {
    b.activity(edition, ssc, b.seat(code), day);
  }

  const secretariat = b.organizer('digital-idag');
  b.activity(edition, secretariat, b.seat('0180'), day, {
    template: TEMPLATES.panel![0],
    venue: b.addKulturhuset(secretariat),
    coOrganizers: ['statens-servicecenter', 'myndigheten-for-digital-forvaltning', 'sveriges-kommuner-och-regioner'],
  });

  // Local organizers run activities in their home town; the ten largest libraries run two.
  const locals = [...b.organizers.values()].filter((o) => o.home);
  for (const organizer of locals) b.activity(edition, organizer, organizer.home, day);
  const libraries = locals.filter((o) => o.kind === 'library');
  for (const organizer of libraries.slice(0, 10)) {
    const [first, second] = b.random.sample(organizer.templates, 2);
    b.activity(edition, organizer, organizer.home, day, { template: second ?? first });
  }

  const nationalIn = (slug: string, codes: (string | null)[]) => {
    for (const code of codes) b.activity(edition, b.organizer(slug), code ? b.seat(code) : null, day);
  };
  const skv = b.organizer('skatteverket');
  b.activity(edition, skv, null, day, { template: skv.templates[0], start: '10:00' });
  b.activity(edition, skv, null, day, { template: skv.templates[0], start: '14:00' });
  for (const code of ['0180', '1480', '1280']) b.activity(edition, skv, b.seat(code), day, { template: skv.templates[1] });
  nationalIn('forsakringskassan', [null, null, null]);
  const pm = b.organizer('pensionsmyndigheten');
  b.activity(edition, pm, null, day, { template: pm.templates[0] });
  for (const code of ['2180', '1980', '1780']) b.activity(edition, pm, b.seat(code), day, { template: pm.templates[1] });
  nationalIn('arbetsformedlingen', ['0181', '1490', '0581', '0484', '1280', '1480']);
  nationalIn('myndigheten-for-digital-forvaltning', [null, null]);
  const telia = b.organizer('telia-company');
  for (const code of ['1380', '1880', '0380']) b.activity(edition, telia, b.seat(code), day, { template: telia.templates[0] });
  const bank = b.organizer('sparbanken-syd');
  for (const code of ['1286', '1287']) b.activity(edition, bank, b.seat(code), day, { template: bank.templates[1] });

  // Study associations and pensioners' associations: first the towns nobody else covers, then anywhere.
  const covered = new Set(b.plan.activities.filter((a) => a.editionSlug === '2019').map((a) => a.townSlug));
  const uncovered = towns.filter((t) => !covered.has(t.slug));
  const associations = ['abf', 'studieforbundet-vuxenskolan', 'medborgarskolan', 'studieframjandet', 'nbv', 'folkuniversitetet'];
  const seniors = ['pro', 'spf-seniorerna', 'seniornet-sverige'];
  const plannedFor = (slugs: string[], count: number) => {
    for (let i = 0; i < count; i++) {
      const organizer = b.organizer(slugs[i % slugs.length]!);
      const town = uncovered.shift() ?? b.random.pick(towns);
      b.activity(edition, organizer, town, day);
    }
  };
  plannedFor(associations, 40);
  plannedFor(seniors, 31);

  // A few cancelled, as happens every year.
  const candidates = b.plan.activities.filter(
    (a) => a.editionSlug === '2019' && a.organizerSlug !== 'statens-servicecenter' && a.organizerSlug !== 'digital-idag',
  );
  for (const activity of b.random.sample(candidates, 5)) {
    activity.status = 'cancelled';
    activity.statusReason = b.random.pick(CANCEL_REASONS);
    activity.revision = 1;
    activity.updatedAt = DateTime.fromISO(activity.startsAt).minus({ days: b.random.int(1, 5) }).toUTC().toISO()!;
  }
}

function build2020(b: DemoBuilder) {
  const day = '2020-10-02';
  const edition = b.edition({
    slug: '2020',
    year: 2020,
    name: 'Digital@Idag 2020',
    firstDay: day,
    lastDay: day,
    registrationOpensAt: stockholmInstant('2020-05-01', '00:00'),
    registrationClosesAt: stockholmInstant('2020-09-25', '00:00'),
    status: 'archived',
    createdAt: '2020-04-15T08:00:00.000Z',
  });
  const serviceOffices = TOWNS_2019.filter((c) => !WITHOUT_SERVICE_OFFICE.includes(c));
  const ssc = b.organizer('statens-servicecenter');
  for (const code of b.random.sample(serviceOffices, 90)) b.activity(edition, ssc, b.seat(code), day);
  for (const slug of ['skatteverket', 'skatteverket', 'forsakringskassan', 'myndigheten-for-digital-forvaltning', 'myndigheten-for-digital-forvaltning']) {
    const organizer = b.organizer(slug);
    b.activity(edition, organizer, null, day, { template: organizer.templates.find((t) => t.format === 'online') });
  }
  const libraries = [...b.organizers.values()].filter((o) => o.kind === 'library');
  for (const library of b.random.sample(libraries, 10)) b.activity(edition, library, library.home, day);
  for (let i = 0; i < 5; i++) b.activity(edition, b.organizer('pro'), b.seat(b.random.pick(TOWNS_2019)), day);
}

function buildUpcoming(b: DemoBuilder, now: Date) {
  const { year, firstDay, lastDay } = upcomingEditionDays(now);
  const first = DateTime.fromISO(firstDay, { zone: ZONE });
  const edition = b.edition({
    slug: String(year),
    year,
    name: `Digital@Idag ${year}`,
    firstDay,
    lastDay,
    registrationOpensAt: first.minus({ days: 400 }).toUTC().toISO()!,
    registrationClosesAt: first.minus({ days: 7 }).toUTC().toISO()!,
    status: 'published',
    createdAt: first.minus({ days: 410 }).toUTC().toISO()!,
  });
  const days = [firstDay, lastDay];
  const recently = (daysAgo: number) => DateTime.fromJSDate(now).minus({ days: daysAgo }).toUTC().toISO()!;
  const ssc = b.organizer('statens-servicecenter');
  for (const code of b.random.sample(TOWNS_2019, 12)) {
    b.activity(edition, ssc, b.seat(code), b.random.pick(days), { createdAt: recently(b.random.int(10, 30)) });
  }
  const umea = b.organizer('umea-stadsbibliotek');
  const [dropIn, safety, bankid] = umea.templates;
  b.activity(edition, umea, umea.home, firstDay, { template: dropIn, createdAt: recently(20) });
  b.activity(edition, umea, umea.home, firstDay, { template: safety, status: 'submitted', createdAt: recently(3) });
  b.activity(edition, umea, umea.home, lastDay, { template: bankid, status: 'draft', createdAt: recently(1) });
  const abf = b.organizer('abf');
  for (const code of ['2480', '0380', '1880']) {
    b.activity(edition, abf, b.seat(code), b.random.pick(days), { status: 'submitted', createdAt: recently(b.random.int(1, 6)) });
  }
  b.activity(edition, abf, b.seat('2080'), lastDay, { status: 'draft', createdAt: recently(2) });
  // Two registrations of the same meeting: the review queue should flag them as possible duplicates.
  const pro = b.organizer('pro');
  const meeting = pro.templates[0]!;
  b.activity(edition, pro, b.seat('2062'), firstDay, { template: meeting, start: '10:00', status: 'submitted', createdAt: recently(4) });
  b.activity(edition, pro, b.seat('2062'), firstDay, { template: meeting, start: '10:00', status: 'submitted', createdAt: recently(2) });
  b.activity(edition, b.organizer('studieforbundet-vuxenskolan'), b.seat('1283'), firstDay, {
    template: { ...b.organizer('studieforbundet-vuxenskolan').templates[1]!, title: 'Försäljning av surfplattor med demonstration' },
    status: 'rejected',
    statusReason: 'Aktiviteter under Digital@Idag ska handla om lärande, inte försäljning.',
    createdAt: recently(12),
  });
  b.activity(edition, b.organizer('telia-company'), b.seat('1480'), lastDay, { status: 'submitted', createdAt: recently(5) });
}

const REPORT_COMMENTS = [
  'Fler besökare än vi räknat med, många ville ha hjälp med BankID.',
  'Lugn förmiddag men full fart efter lunch.',
  'Flera kom tillbaka efteråt och frågade om fler tillfällen.',
  'Tolken gjorde stor skillnad för deltagarna.',
  'Vi behövde fler handledare; nästa år tar vi med två till.',
  'Trådlösa nätverket krånglade en stund, annars gick allt bra.',
  'Mest frågor om 1177 och Kivra.',
];

/**
 * What organizers reported after 2019 and 2020: most published activities (not all, as in life),
 * with plausible figures for their format and size, a few with figures per audience and a comment.
 * A generator of its own, so adding reports left the rest of the demo exactly as it was.
 */
function addReports(plan: Plan, random: Random) {
  for (const activity of plan.activities) {
    if (activity.status !== 'published' || (activity.editionSlug !== '2019' && activity.editionSlug !== '2020')) continue;
    if (!random.chance(0.85)) continue;
    const roll = random.next();
    const held = roll < 0.9 ? 'as_planned' : roll < 0.98 ? 'changed' : 'not_held';
    const participants =
      held === 'not_held'
        ? 0
        : activity.format === 'online'
          ? random.int(15, 250)
          : activity.format === 'phone'
            ? random.int(3, 25)
            : activity.capacity
              ? random.int(Math.ceil(activity.capacity * 0.4), activity.capacity)
              : activity.coOrganizerSlugs.length > 0
                ? random.int(60, 180)
                : random.int(4, 45);
    const audiences: Partial<Record<(typeof activity.audiences)[number], number>> = {};
    if (participants > 0 && activity.audiences.length > 1 && random.chance(0.4)) {
      for (const audience of activity.audiences) audiences[audience] = Math.round(participants * (0.2 + random.next() * 0.6));
    }
    activity.report = {
      participants,
      held,
      comment: held === 'changed' ? 'Vi fick byta lokal i sista stund.' : random.chance(0.3) ? random.pick(REPORT_COMMENTS) : null,
      audiences,
      reportedAt: DateTime.fromISO(activity.endsAt).plus({ days: random.int(1, 20) }).toUTC().toISO()!,
    };
  }
}

/** The whole demo: 2019, 2020 and an upcoming edition open for registration, as of `now`. */
export function buildDemoPlan(now: Date): Plan {
  const builder = new DemoBuilder(new Random(20191002));
  build2019(builder);
  build2020(builder);
  buildUpcoming(builder, now);
  addReports(builder.plan, new Random(20191003));
  return builder.plan;
}

/** Reference data, the demo plan and the demo accounts, in one transaction. */
export async function seedDemo(db: Kysely<DB>, now: Date = new Date()): Promise<void> {
  await db.transaction().execute((trx) => writeDemo(trx, now));
}

/** The same inside the caller's transaction. */
export async function writeDemo(trx: Transaction<DB>, now: Date = new Date()): Promise<void> {
  await writeReferenceData(trx);
  const plan = buildDemoPlan(now);
  const accounts = await Promise.all(
    DEMO_ACCOUNTS.map(async (a) => ({ ...a, hash: await hashPassword(a.password) })),
  );
  await writePlan(trx, plan);
  const createdAt = '2019-05-02T08:00:00.000Z';
  for (const account of accounts) {
    const { id } = await trx
      .insertInto('accounts')
      .values({
        email: account.email,
        name: account.name,
        password_hash: account.hash,
        role: account.role,
        email_verified_at: createdAt,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (account.organizer) {
      const organizer = await trx
        .selectFrom('organizers')
        .select('id')
        .where('slug', '=', account.organizer)
        .executeTakeFirstOrThrow();
      await trx.insertInto('memberships').values({ account_id: id, organizer_id: organizer.id, created_at: createdAt }).execute();
    }
  }
}
