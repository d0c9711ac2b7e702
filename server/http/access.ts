/**
 * Every route declares who may call it (`config.access`); a route without a declaration is refused
 * at start-up, and the whole table is snapshot-tested so that a change of access is reviewed
 * (STYLE 5, "deny by default"). Finer decisions per record live in each module's policy.
 */
import type { AccountRole } from '../../contracts/identity.contract.js';

/** `public`: anyone, signed in or not. Otherwise the roles that may call the route. */
export type RouteAccess = 'public' | readonly AccountRole[];

export const STAFF = ['admin', 'supervisor', 'agent'] as const satisfies readonly AccountRole[];
export const ADMIN = ['admin'] as const satisfies readonly AccountRole[];
export const MANAGERS = ['admin', 'supervisor'] as const satisfies readonly AccountRole[];
export const EVERYONE_SIGNED_IN = [
  'admin',
  'supervisor',
  'agent',
  'customer',
] as const satisfies readonly AccountRole[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function describeAccess(access: RouteAccess | undefined): string {
  if (access === undefined) return 'UNDECLARED';
  return access === 'public' ? 'public' : [...access].sort().join(', ');
}
