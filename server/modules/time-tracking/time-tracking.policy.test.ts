/**
 * The time-entry role × action matrix, written out literally: changing who may do what must change
 * this table too, so that a permission change is reviewed as one (STYLE 5).
 */
import { describe, expect, it } from 'vitest';
import type { AccountRole } from '../../../contracts/identity.contract.js';
import { AppError } from '../../http/app-error.js';
import type { Actor } from '../../http/context.js';
import { staffActor, summaryUserOf, timeEntryAbilities } from './time-tracking.policy.js';

const SELF = '00000000-0000-4000-8000-000000000001';
const SOMEONE_ELSE = '00000000-0000-4000-8000-000000000002';

type Action = 'log' | 'change own' | "change someone else's" | 'read own summary' | "read someone else's summary";

const expected: Record<Action, Record<AccountRole, boolean>> = {
  log: { admin: true, supervisor: true, agent: true, customer: false },
  'change own': { admin: true, supervisor: true, agent: true, customer: false },
  "change someone else's": { admin: true, supervisor: true, agent: false, customer: false },
  'read own summary': { admin: true, supervisor: true, agent: true, customer: false },
  "read someone else's summary": { admin: true, supervisor: true, agent: false, customer: false },
};

function actorWithRole(role: AccountRole): Actor {
  if (role === 'customer') return { kind: 'contact', id: SELF, organizationId: null };
  return { kind: 'user', id: SELF, role, groupIds: [] };
}

const allowed = (check: () => unknown) => {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 403) return false;
    throw error;
  }
};

const decide: Record<Action, (actor: Actor) => boolean> = {
  log: (actor) => allowed(() => staffActor(actor)),
  'change own': (actor) => timeEntryAbilities(actor, SELF).update && timeEntryAbilities(actor, SELF).delete,
  "change someone else's": (actor) =>
    timeEntryAbilities(actor, SOMEONE_ELSE).update && timeEntryAbilities(actor, SOMEONE_ELSE).delete,
  'read own summary': (actor) => allowed(() => summaryUserOf(actor, undefined)),
  "read someone else's summary": (actor) => allowed(() => summaryUserOf(actor, SOMEONE_ELSE)),
};

describe('time-tracking policy', () => {
  describe.each(['admin', 'supervisor', 'agent', 'customer'] as const)('%s', (role) => {
    it.each(Object.keys(expected) as Action[])('may %s only as the table says', (action) => {
      expect(decide[action](actorWithRole(role))).toBe(expected[action][role]);
    });
  });

  it('never lets the system actor change an entry', () => {
    expect(timeEntryAbilities({ kind: 'system' }, SELF)).toEqual({ update: false, delete: false });
  });
});
