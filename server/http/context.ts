/**
 * Who is acting, and when. Every use-case takes a Context; time comes from an injected clock so
 * that tests control it (STYLE 7).
 */
import type { Language } from '../../contracts/common.contract.js';
import type { StaffRole } from '../../contracts/identity.contract.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type Actor =
  | { kind: 'user'; id: string; role: StaffRole; groupIds: string[] }
  | { kind: 'contact'; id: string; organizationId: string | null }
  | { kind: 'anonymous' }
  | { kind: 'system' };

export interface Context {
  actor: Actor;
  now: Date;
  /** The caller's language, for names shown to them (statuses…); the desk's (Italian) by default. */
  language: Language;
}

export const isStaff = (actor: Actor): actor is Extract<Actor, { kind: 'user' }> => actor.kind === 'user';

export const hasRole = (actor: Actor, ...roles: StaffRole[]) => actor.kind === 'user' && roles.includes(actor.role);
