/**
 * Who may do what with identity records. Deny by default: an action not listed is allowed to
 * nobody. Route access declarations are the first gate; use-cases call `authorize` again so that a
 * route added later cannot skip the rule. The matrix is tested role by role.
 */
import type { AccountRole } from '../../../contracts/identity.contract.js';
import { forbidden } from '../../http/app-error.js';
import type { Actor } from '../../http/context.js';

export type IdentityAction =
  | 'user.read'
  | 'user.write'
  | 'group.read'
  | 'group.write'
  | 'organization.read'
  | 'organization.write'
  | 'contact.read'
  | 'contact.write'
  | 'outbox.read';

const STAFF: AccountRole[] = ['admin', 'supervisor', 'agent'];

export const identityPermissions: Record<IdentityAction, readonly AccountRole[]> = {
  // Agents need the staff directory to assign and escalate; only admins change it.
  'user.read': STAFF,
  'user.write': ['admin'],
  'group.read': STAFF,
  'group.write': ['admin'],
  // Agents register callers and their companies while taking phone requests.
  'organization.read': STAFF,
  'organization.write': STAFF,
  'contact.read': STAFF,
  'contact.write': STAFF,
  'outbox.read': ['admin'],
};

export function roleOf(actor: Actor): AccountRole | null {
  if (actor.kind === 'user') return actor.role;
  if (actor.kind === 'contact') return 'customer';
  return null;
}

export function can(actor: Actor, action: IdentityAction): boolean {
  if (actor.kind === 'system') return true;
  const role = roleOf(actor);
  return role !== null && identityPermissions[action].includes(role);
}

export function authorize(actor: Actor, action: IdentityAction): void {
  if (!can(actor, action)) throw forbidden();
}
