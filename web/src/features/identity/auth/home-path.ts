import type { AccountRole } from '../../../../../contracts/identity.contract';

/** Where each role lands after signing in: customers in the portal, admins in Admin, staff at work. */
export function homePathFor(role: AccountRole): string {
  switch (role) {
    case 'customer':
      return '/portal';
    case 'admin':
      return '/admin';
    default:
      return '/agent';
  }
}

/** Only same-site paths are followed after sign-in, so `?next=` cannot send anyone elsewhere. */
export function safeNextPath(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null;
  return next;
}
