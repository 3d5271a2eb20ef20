import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccount, insertMembership } from '../../src/repositories/accounts.js';
import { insertInvitation } from '../../src/repositories/teams.js';
import { TEST_NOW, type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields } from '../helpers/browser.js';
import { createVenue } from '../helpers/factories.js';

/**
 * Who may do what: {anonymous, organizer A, organizer B, coordinator} x every action of the
 * organizer and coordinator sides -> allowed, 403, or sent to log in. Every actor posts with a
 * valid CSRF token of its own session, so what is tested is the authorization, not the token.
 */

let t: TestApp;
const actors: Record<string, Browser> = {};
let draftOfA: number;
let submittedOfA: number;
let organizerOfA: number;
let editFields: Record<string, string[]>;
let venueOfA: number;
let venueFields: Record<string, string[]>;
/** Unused venues of A: one whose deletion every actor asks about, and one for each actor to try deleting. */
let venueToAskAbout: number;
const spareVenueOfA: Record<string, number> = {};
/** Extra members of A and open invitations to A, one for each actor to try removing and withdrawing. */
const spareMemberOfA: Record<string, number> = {};
const spareInvitationOfA: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const a = await db.selectFrom('organizers').select('id').where('slug', '=', 'umea-stadsbibliotek').executeTakeFirstOrThrow();
  organizerOfA = a.id;
  const ofA = (status: 'draft' | 'submitted') =>
    db
      .selectFrom('activities as x')
      .innerJoin('editions as e', 'e.id', 'x.edition_id')
      .where('e.slug', '=', '2027')
      .where('x.organizer_id', '=', a.id)
      .where('x.status', '=', status)
      .select('x.id')
      .executeTakeFirstOrThrow();
  draftOfA = (await ofA('draft')).id;
  submittedOfA = (await ofA('submitted')).id;

  actors.anonymous = new Browser(t.app);
  await actors.anonymous.get('/konto/logga-in');
  actors.A = new Browser(t.app);
  await actors.A.logIn('arrangor@example.se', 'arrangor-demo');
  actors.B = new Browser(t.app);
  await actors.B.logIn('abf@example.se', 'abf-demo');
  actors.coordinator = new Browser(t.app);
  await actors.coordinator.logIn('samordnare@example.se', 'samordnare-demo');
  const edit = await actors.A.page(`/konto/aktiviteter/${draftOfA}/andra`);
  editFields = formFields(edit.$, 'form[method="post"]');
  venueOfA = Number(editFields.venueId![0]);
  venueFields = formFields((await actors.A.page(`/konto/platser/${venueOfA}`)).$, `form[action="/konto/platser/${venueOfA}"]`);
  const venue = await db.selectFrom('venues').select('town_id').where('id', '=', venueOfA).executeTakeFirstOrThrow();
  const spare = async (name: string) => (await createVenue(t.database, { organizer_id: organizerOfA, town_id: venue.town_id, name })).id;
  venueToAskAbout = await spare('Reserv att fråga om');
  for (const actor of Object.keys(actors)) spareVenueOfA[actor] = await spare(`Reserv för ${actor}`);
  const at = TEST_NOW.toISOString();
  for (const actor of Object.keys(actors)) {
    const member = await insertAccount(db, { email: `reserv-${actor.toLowerCase()}@example.se`, name: `Reserv ${actor}`, passwordHash: 'x', role: 'organizer', language: 'sv', now: at });
    await insertMembership(db, member.id, organizerOfA, at);
    spareMemberOfA[actor] = member.id;
    const invitation = await insertInvitation(db, { tokenHash: `hash-${actor}`, organizerId: organizerOfA, email: `inbjuden-${actor.toLowerCase()}@example.se`, invitedBy: member.id, now: at, expiresAt: '2027-01-01T00:00:00.000Z' });
    spareInvitationOfA[actor] = invitation.id;
  }
});
afterAll(() => t.close());

type Outcome = 'ok' | 'forbidden' | 'login';
const ALL = (anonymous: Outcome, A: Outcome, B: Outcome, coordinator: Outcome) => ({ anonymous, A, B, coordinator });

const venueExists = async (id: number) => (await t.database.db.selectFrom('venues').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
const isMember = async (accountId: number) =>
  (await t.database.db.selectFrom('memberships').select('account_id').where('account_id', '=', accountId).executeTakeFirst()) !== undefined;
const invitationOpen = async (id: number) => (await t.database.db.selectFrom('invitations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

const actions: {
  name: string;
  method: 'GET' | 'POST';
  url: (actor: string) => string;
  fields?: () => Record<string, string | string[]>;
  expect: Record<string, Outcome>;
  /** What the database holds afterwards, checked in the same test so that no test depends on another having run. */
  after?: (actor: string, outcome: Outcome) => Promise<void>;
}[] = [
  { name: 'see the account overview', method: 'GET', url: () => '/konto', expect: ALL('login', 'ok', 'ok', 'ok') },
  { name: "open A's activity", method: 'GET', url: () => `/konto/aktiviteter/${draftOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: "open the form for A's activity", method: 'GET', url: () => `/konto/aktiviteter/${draftOfA}/andra`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: "change A's activity", method: 'POST', url: () => `/konto/aktiviteter/${draftOfA}`, fields: () => ({ ...editFields, intent: 'draft' }), expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: 'add an activity for A', method: 'GET', url: () => `/konto/aktiviteter/ny?arrangor=${organizerOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  {
    name: 'create an activity for A',
    method: 'POST',
    url: () => '/konto/aktiviteter',
    fields: () => ({ ...editFields, organizerId: String(organizerOfA), intent: 'draft' }),
    expect: ALL('login', 'ok', 'forbidden', 'ok'),
  },
  { name: "copy A's activity", method: 'GET', url: () => `/konto/aktiviteter/ny?kopia=${draftOfA}&arrangor=${organizerOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: 'see the review queue', method: 'GET', url: () => '/admin', expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: "see A's activity with its history", method: 'GET', url: () => `/admin/aktiviteter/${submittedOfA}`, expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'reject a submission', method: 'POST', url: () => `/admin/aktiviteter/${submittedOfA}/avvisa`, fields: () => ({ preset: 'missing_details', reason: '' }), expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'approve submissions', method: 'POST', url: () => '/admin/godkann', fields: () => ({ ids: [] }), expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'mark an organizer trusted', method: 'POST', url: () => `/admin/arrangorer/${organizerOfA}/betrodd`, fields: () => ({ trusted: '0' }), expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'see the organizers', method: 'GET', url: () => '/admin/arrangorer', expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'see the editions', method: 'GET', url: () => '/admin/utgavor', expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'see the accounts', method: 'GET', url: () => '/admin/konton', expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'see their own venues', method: 'GET', url: () => '/konto/platser', expect: ALL('login', 'ok', 'ok', 'ok') },
  { name: "see A's venues", method: 'GET', url: () => `/konto/platser?arrangor=${organizerOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: "open A's venue", method: 'GET', url: () => `/konto/platser/${venueOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: "change A's venue", method: 'POST', url: () => `/konto/platser/${venueOfA}`, fields: () => venueFields, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: "ask to delete A's venue", method: 'GET', url: () => `/konto/platser/${venueToAskAbout}/ta-bort`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  {
    name: "delete A's venue",
    method: 'POST',
    url: (actor) => `/konto/platser/${spareVenueOfA[actor]}/ta-bort`,
    fields: () => ({}),
    expect: ALL('login', 'ok', 'forbidden', 'ok'),
    after: async (actor, outcome) => expect(await venueExists(spareVenueOfA[actor]!)).toBe(outcome !== 'ok'),
  },
  { name: "see A's members", method: 'GET', url: () => `/konto/organisationer/${organizerOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  {
    name: 'invite a colleague to A',
    method: 'POST',
    url: () => `/konto/organisationer/${organizerOfA}/bjud-in`,
    fields: () => ({ email: `kollega-${Math.random().toString(36).slice(2)}@example.se` }),
    expect: ALL('login', 'ok', 'forbidden', 'ok'),
  },
  {
    name: "withdraw an invitation to A",
    method: 'POST',
    url: (actor) => `/konto/organisationer/${organizerOfA}/inbjudningar/${spareInvitationOfA[actor]}/ta-bort`,
    fields: () => ({}),
    expect: ALL('login', 'ok', 'forbidden', 'ok'),
    after: async (actor, outcome) => expect(await invitationOpen(spareInvitationOfA[actor]!)).toBe(outcome !== 'ok'),
  },
  {
    name: 'remove a member of A',
    method: 'POST',
    url: (actor) => `/konto/organisationer/${organizerOfA}/medlemmar/${spareMemberOfA[actor]}/ta-bort`,
    fields: () => ({}),
    expect: ALL('login', 'ok', 'forbidden', 'ok'),
    after: async (actor, outcome) => expect(await isMember(spareMemberOfA[actor]!)).toBe(outcome !== 'ok'),
  },
  { name: 'see the changes since approval', method: 'GET', url: () => '/admin/andringar', expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'see their reports after the day', method: 'GET', url: () => '/konto/rapporter', expect: ALL('login', 'ok', 'ok', 'ok') },
  { name: "download A's report template", method: 'GET', url: () => `/konto/rapporter/mall.csv?utgava=2019&arrangor=${organizerOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: "see A's reports", method: 'GET', url: () => `/konto/rapporter?utgava=2019&arrangor=${organizerOfA}`, expect: ALL('login', 'ok', 'forbidden', 'ok') },
  { name: 'follow who has reported', method: 'GET', url: () => '/admin/rapporter?utgava=2019', expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
  { name: 'remind organizers to report', method: 'POST', url: () => '/admin/rapporter/paminn', fields: () => ({ utgava: '2019', arrangor: String(organizerOfA) }), expect: ALL('login', 'forbidden', 'forbidden', 'ok') },
];

describe('authorization matrix', () => {
  for (const action of actions) {
    for (const actor of ['anonymous', 'A', 'B', 'coordinator'] as const) {
      const outcome = action.expect[actor]!;
      it(`${actor} may ${outcome === 'ok' ? '' : 'not '}${action.name} (${outcome})`, async () => {
        const browser = actors[actor]!;
        if (action.method === 'POST') await browser.get(actor === 'anonymous' ? '/konto/logga-in' : '/konto');
        const url = action.url(actor);
        const response = action.method === 'GET' ? await browser.get(url) : await browser.post(url, action.fields!());
        if (outcome === 'login') {
          expect(response.statusCode).toBe(303);
          expect(response.headers.location).toMatch(/^\/konto\/logga-in\?next=/);
        } else if (outcome === 'forbidden') {
          expect(response.statusCode).toBe(403);
          expect(response.headers['content-type']).toMatch(/text\/html/);
        } else {
          expect([200, 303]).toContain(response.statusCode);
          if (response.statusCode === 303) expect(response.headers.location).not.toMatch(/logga-in/);
        }
        await action.after?.(actor, outcome);
      });
    }
  }

  it('never shows one organizer the activities or venues of another on the overview', async () => {
    const { $ } = await actors.B!.page('/konto');
    const links = $('a[href^="/konto/aktiviteter/"]').map((_, a) => $(a).attr('href')).get();
    expect(links).not.toContain(`/konto/aktiviteter/${draftOfA}`);
    expect($(`a[href="/konto/platser/${venueOfA}"]`).length).toBe(0);
  });

  it("refuses a venue of another organizer in the form, writing nothing", async () => {
    const b = actors.B!;
    const form = await b.page('/konto/aktiviteter/ny');
    const fields = formFields(form.$, 'form[method="post"]');
    const count = async () => Number((await t.database.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const response = await b.post('/konto/aktiviteter', { ...editFields, submissionKey: fields.submissionKey!, organizerId: fields.organizerId!, venueId: String(venueOfA), intent: 'draft' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Platsen hör inte till den här arrangören');
    expect(await count()).toBe(before);
  });
});
