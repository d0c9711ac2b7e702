import { describe, expect, it } from 'vitest';
import type { StatusCategory } from '../../../contracts/tickets.contract.js';
import { canMoveBetween, isFinished } from './ticket-status.js';

const categories: StatusCategory[] = [
  'new',
  'open',
  'pending_customer',
  'pending_supplier',
  'resolved',
  'closed',
  'merged',
];

// The whole table, written out: a change to the life of a ticket must change this test.
const allowed: Record<StatusCategory, StatusCategory[]> = {
  new: ['new', 'open', 'pending_customer', 'pending_supplier', 'resolved', 'closed'],
  open: ['open', 'pending_customer', 'pending_supplier', 'resolved', 'closed'],
  pending_customer: ['open', 'pending_customer', 'pending_supplier', 'resolved', 'closed'],
  pending_supplier: ['open', 'pending_customer', 'pending_supplier', 'resolved', 'closed'],
  resolved: ['open', 'resolved', 'closed'],
  closed: ['open', 'closed'],
  merged: [],
};

describe('status transitions', () => {
  for (const from of categories) {
    for (const to of categories) {
      const expected = allowed[from].includes(to);
      it(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => {
        expect(canMoveBetween(from, to)).toBe(expected);
      });
    }
  }

  it('treats closed and merged as finished, the rest as still being worked', () => {
    expect(categories.filter(isFinished)).toEqual(['closed', 'merged']);
  });
});
