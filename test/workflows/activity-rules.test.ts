import { describe, expect, it } from 'vitest';
import {
  type ActivityForm,
  type DraftContext,
  EMPTY_FORM,
  TransitionError,
  nextRevision,
  nextStatus,
  possibleDuplicates,
  validateActivity,
} from '../../src/domain/activity-rules.js';

const edition = {
  firstDay: '2027-10-07',
  lastDay: '2027-10-08',
  registrationOpensAt: '2026-09-01T00:00:00.000Z',
  registrationClosesAt: '2027-09-30T22:00:00.000Z',
};
const context = (over: Partial<DraftContext> = {}): DraftContext => ({
  edition,
  venues: new Map([[7, { townId: 70 }]]),
  townExists: (id) => id === 70 || id === 71,
  coordinator: false,
  now: new Date('2026-11-23T10:00:00Z'),
  ...over,
});
const form = (over: Partial<ActivityForm> = {}): ActivityForm => ({
  ...EMPTY_FORM,
  title: 'Träffa BankID',
  summary: 'Vi hjälper dig att skaffa BankID.',
  day: '2027-10-07',
  startTime: '10:00',
  endTime: '12:00',
  venueId: '7',
  audiences: ['elderly'],
  topics: ['e_id'],
  ...over,
});

describe('validateActivity', () => {
  it('turns a complete form into a draft in Stockholm time, with the venue town', () => {
    const { draft, errors } = validateActivity(form(), context());
    expect(errors).toEqual({});
    expect(draft).toMatchObject({ startsAt: '2027-10-07T08:00:00.000Z', endsAt: '2027-10-07T10:00:00.000Z', venueId: 7, townId: 70 });
  });

  it.each<[Partial<ActivityForm>, Record<string, string>]>([
    [{ day: '2027-10-09' }, { day: 'day_outside_edition' }],
    [{ endTime: '09:00' }, { endTime: 'end_before_start' }],
    [{ format: 'online', venueId: '' }, { onlineUrl: 'online_url_required' }],
    [{ format: 'online', onlineUrl: 'javascript:alert(1)' }, { onlineUrl: 'online_url_invalid' }],
    [{ venueId: '' }, { venueId: 'venue_required' }],
    [{ venueId: '8' }, { venueId: 'venue_unknown' }],
    [{ format: 'hybrid', venueId: '', onlineUrl: 'https://x.se' }, { venueId: 'venue_required' }],
    [{ registration: 'required' }, { registrationUrl: 'registration_contact_required' }],
    [{ title: 'x'.repeat(121) }, { title: 'title_long' }],
    [{ title: '  ' }, { title: 'title_required' }],
    [{ capacity: '-3' }, { capacity: 'capacity_invalid' }],
    [{ audiences: ['aliens'] }, { audiences: 'choice_invalid' }],
    [{ format: 'phone', venueId: '' }, { phone: 'phone_required' }],
  ])('reports %j as %j', (change, expected) => {
    const { draft, errors } = validateActivity(form(change), context());
    expect(draft).toBeUndefined();
    expect(errors).toEqual(expected);
  });

  it('closes the registration window for organizers but not for coordinators', () => {
    const late = new Date('2027-10-01T08:00:00Z');
    expect(validateActivity(form(), context({ now: late })).errors).toEqual({ edition: 'registration_closed' });
    expect(validateActivity(form(), context({ now: late, coordinator: true })).errors).toEqual({});
  });
});

describe('status and revision', () => {
  it('moves draft -> submitted -> published, and trusted submissions publish directly', () => {
    expect(nextStatus('draft', 'submit', { trusted: false })).toBe('submitted');
    expect(nextStatus('draft', 'submit', { trusted: true })).toBe('published');
    expect(nextStatus('submitted', 'approve', { trusted: false })).toBe('published');
    expect(nextStatus('submitted', 'reject', { trusted: false })).toBe('rejected');
    expect(nextStatus('published', 'cancel', { trusted: false })).toBe('cancelled');
    expect(() => nextStatus('draft', 'approve', { trusted: false })).toThrow(TransitionError);
    expect(() => nextStatus('cancelled', 'cancel', { trusted: false })).toThrow(TransitionError);
  });

  it('raises the revision of a public activity when time, place or status changes, not for a new summary', () => {
    const published = { status: 'published', revision: 0, startsAt: 'a', endsAt: 'b', format: 'on_site', venueId: 1, townId: 2, onlineUrl: null } as const;
    expect(nextRevision(published, { starts_at: 'c' })).toBe(1);
    expect(nextRevision(published, { status: 'cancelled' })).toBe(1);
    expect(nextRevision(published, { summary: 'new' })).toBe(0);
    expect(nextRevision({ ...published, status: 'submitted' }, { starts_at: 'c' })).toBe(0);
  });
});

describe('possibleDuplicates', () => {
  const base = { id: 1, organizerId: 5, townId: 70, startsAt: '2027-10-07T08:00:00.000Z', title: 'Pensionärsträff om BankID' };
  it('flags the same organizer and town within 30 minutes, and near-identical titles the same day', () => {
    const others = [
      { ...base, id: 2, startsAt: '2027-10-07T08:30:00.000Z', title: 'Något helt annat' },
      { ...base, id: 3, startsAt: '2027-10-07T08:31:00.000Z', title: 'Något helt annat' },
      { ...base, id: 4, organizerId: 6, startsAt: '2027-10-07T13:00:00.000Z', title: 'Pensionärsträff om Bank-ID!' },
      { ...base, id: 5, organizerId: 6, townId: 71, startsAt: '2027-10-07T13:00:00.000Z', title: 'Pensionärsträff om BankID' },
      { ...base, id: 6, startsAt: '2027-10-08T08:00:00.000Z' },
    ];
    expect(possibleDuplicates(base, others)).toEqual([2, 4]);
  });
});
