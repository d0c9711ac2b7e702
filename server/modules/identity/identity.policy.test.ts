/**
 * The identity role × action matrix, written out literally: changing who may do what must change
 * this table too, so that a permission change is reviewed as one (STYLE 5).
 */
import { describe, expect, it } from 'vitest';
import type { AccountRole } from '../../../contracts/identity.contract.js';
import { AppError } from '../../http/app-error.js';
import type { Actor } from '../../http/context.js';
import { authorize, can, identityPermissions, type IdentityAction } from './identity.policy.js';

const expectedPermissions: Record<IdentityAction, Record<AccountRole, boolean>> = {
  'user.read': { admin: true, supervisor: true, agent: true, customer: false },
  'user.write': { admin: true, supervisor: false, agent: false, customer: false },
  'group.read': { admin: true, supervisor: true, agent: true, customer: false },
  'group.write': { admin: true, supervisor: false, agent: false, customer: false },
  'organization.read': { admin: true, supervisor: true, agent: true, customer: false },
  'organization.write': { admin: true, supervisor: true, agent: true, customer: false },
  'contact.read': { admin: true, supervisor: true, agent: true, customer: false },
  'contact.write': { admin: true, supervisor: true, agent: true, customer: false },
  'outbox.read': { admin: true, supervisor: false, agent: false, customer: false },
};

const roles: AccountRole[] = ['admin', 'supervisor', 'agent', 'customer'];
const actions = Object.keys(expectedPermissions) as IdentityAction[];

function actorWithRole(role: AccountRole): Actor {
  if (role === 'customer') {
    return { kind: 'contact', id: '00000000-0000-4000-8000-000000000001', organizationId: null };
  }
  return { kind: 'user', id: '00000000-0000-4000-8000-000000000002', role, groupIds: [] };
}

describe('identity policy', () => {
  it('knows exactly the actions of the expected table', () => {
    expect(Object.keys(identityPermissions).sort()).toEqual([...actions].sort());
  });

  describe.each(roles)('%s', (role) => {
    it.each(actions)(`may %s only as the table says`, (action) => {
      expect(can(actorWithRole(role), action)).toBe(expectedPermissions[action][role]);
    });
  });

  it('denies an anonymous caller everything', () => {
    for (const action of actions) expect(can({ kind: 'anonymous' }, action)).toBe(false);
  });

  it('lets the system actor (seeding, jobs) do everything', () => {
    for (const action of actions) expect(can({ kind: 'system' }, action)).toBe(true);
  });

  it('makes authorize throw 403 FORBIDDEN when the table says no, and pass when it says yes', () => {
    let thrown: unknown;
    try {
      authorize(actorWithRole('agent'), 'user.write');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(() => authorize({ kind: 'anonymous' }, 'contact.read')).toThrow(AppError);
    expect(() => authorize(actorWithRole('admin'), 'user.write')).not.toThrow();
  });
});
