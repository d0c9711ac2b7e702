/**
 * Who may do what with time entries (STYLE 5, deny by default): staff log their own time on the
 * tickets they can see; an entry is changed or removed by its author, or by an admin or supervisor;
 * an agent reads their own summary, admins and supervisors anyone's. Customers never see time.
 * Whether the ticket is visible is the tickets module's decision (its `getTicket`).
 */
import type { TimeEntryAbilities } from '../../../contracts/time-tracking.contract.js';
import { forbidden } from '../../http/app-error.js';
import { hasRole, type Actor } from '../../http/context.js';

type StaffActor = Extract<Actor, { kind: 'user' }>;

/** The staff member acting; anyone else (customers, the system) may not touch time entries. */
export function staffActor(actor: Actor): StaffActor {
  if (actor.kind !== 'user') throw forbidden('Only staff work with time entries');
  return actor;
}

/** What the actor may do with an entry logged by `authorId`: sent with each entry to the browser. */
export function timeEntryAbilities(actor: Actor, authorId: string): TimeEntryAbilities {
  const allowed = actor.kind === 'user' && (actor.id === authorId || hasRole(actor, 'admin', 'supervisor'));
  return { update: allowed, delete: allowed };
}

export function authorizeEntryChange(actor: Actor, authorId: string, action: keyof TimeEntryAbilities): void {
  if (!timeEntryAbilities(actor, authorId)[action]) {
    throw forbidden('Only its author, an admin or a supervisor may change a time entry');
  }
}

/** Whose summary the actor reads: their own unless they manage the desk and ask for someone else. */
export function summaryUserOf(actor: Actor, requestedUserId: string | undefined): string {
  const staff = staffActor(actor);
  if (!requestedUserId || requestedUserId === staff.id) return staff.id;
  if (!hasRole(staff, 'admin', 'supervisor')) throw forbidden('Agents read only their own time');
  return requestedUserId;
}
