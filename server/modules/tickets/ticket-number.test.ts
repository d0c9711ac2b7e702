import { describe, expect, it } from 'vitest';
import { formatTicketNumber, yearInDeskTimeZone } from './ticket-number.js';

describe('ticket numbers', () => {
  it('pads the per-year counter to six digits and lets it grow past them', () => {
    expect(formatTicketNumber(2026, 123)).toBe('2026-000123');
    expect(formatTicketNumber(2026, 1_234_567)).toBe('2026-1234567');
  });

  it('takes the year in the desk time zone (Europe/Rome), not UTC', () => {
    expect(yearInDeskTimeZone(new Date('2026-12-31T22:59:59Z'))).toBe(2026);
    expect(yearInDeskTimeZone(new Date('2026-12-31T23:00:00Z'))).toBe(2027);
    // Summer time: Rome is UTC+2.
    expect(yearInDeskTimeZone(new Date('2026-07-01T00:00:00Z'))).toBe(2026);
  });
});
