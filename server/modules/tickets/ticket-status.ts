/**
 * The life of a ticket, by status category (names are configurable, categories are not):
 *
 *   new → open ⇄ pending_customer / pending_supplier → resolved → closed
 *                                                      ↑   ↓ reopen   ↓ reopen
 *                                                      └── open ←─────┘
 *
 * Any active status may move to another of the same category. `merged` is entered only by a merge
 * and never left. A resolved ticket closes by itself after the configured days.
 */
import type { StatusCategory } from '../../../contracts/tickets.contract.js';

const allowedNext: Record<StatusCategory, readonly StatusCategory[]> = {
  new: ['open', 'pending_customer', 'pending_supplier', 'resolved', 'closed'],
  open: ['pending_customer', 'pending_supplier', 'resolved', 'closed'],
  pending_customer: ['open', 'pending_supplier', 'resolved', 'closed'],
  pending_supplier: ['open', 'pending_customer', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
  merged: [],
};

export function canMoveBetween(from: StatusCategory, to: StatusCategory): boolean {
  if (from === 'merged' || to === 'merged') return false;
  return from === to || allowedNext[from].includes(to);
}

export function nextCategories(from: StatusCategory): readonly StatusCategory[] {
  return allowedNext[from];
}

/** Still being worked: counted in open views and workloads. */
export const OPEN_CATEGORIES: readonly StatusCategory[] = ['new', 'open', 'pending_customer', 'pending_supplier'];

export function isFinished(category: StatusCategory): boolean {
  return category === 'closed' || category === 'merged';
}
