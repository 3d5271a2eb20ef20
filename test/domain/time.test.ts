import { describe, expect, it } from 'vitest';
import { stockholmDay, stockholmDayEnd, stockholmInstant, stockholmLocal } from '../../src/domain/time.js';

// These answers are kept by input (keptBy), so each is asked twice: the kept answer must be the computed one.
describe('Stockholm time, whatever the server zone', () => {
  it('reads a local time in summer and in winter time, the same when asked again', () => {
    for (let i = 0; i < 2; i++) {
      expect(stockholmInstant('2019-10-02', '10:00')).toBe('2019-10-02T08:00:00.000Z');
      expect(stockholmInstant('2019-12-02', '10:00')).toBe('2019-12-02T09:00:00.000Z');
    }
  });

  it('gives the local day and hour of an instant around midnight and the change of clocks', () => {
    for (let i = 0; i < 2; i++) {
      expect(stockholmLocal('2019-10-01T22:30:00.000Z')).toEqual({ day: '2019-10-02', hour: 0 });
      expect(stockholmDay('2019-10-27T00:30:00.000Z')).toBe('2019-10-27');
      expect(stockholmLocal('2019-10-27T01:30:00.000Z')).toEqual({ day: '2019-10-27', hour: 2 });
    }
  });

  it('ends a day at the next local midnight, 25 hours long on the day the clocks go back', () => {
    expect(stockholmDayEnd('2019-10-02')).toBe('2019-10-02T22:00:00.000Z');
    expect(stockholmDayEnd('2019-10-27')).toBe('2019-10-27T23:00:00.000Z');
    expect(stockholmDayEnd('2019-10-27')).toBe('2019-10-27T23:00:00.000Z');
  });

  it('refuses a local date that does not exist, every time', () => {
    for (let i = 0; i < 2; i++) expect(() => stockholmInstant('2019-02-30', '10:00')).toThrow(/not a local date and time: 2019-02-30 10:00/);
  });
});
