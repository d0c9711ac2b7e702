import { Badge, type MantineColor } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  levelOfImpactSchema,
  prioritySchema,
  statusCategorySchema,
  ticketTypeSchema,
  ticketViewSchema,
  type LevelOfImpact,
  type Priority,
  type StatusCategory,
  type TicketStatus,
  type TicketType,
  type TicketView,
} from '../../../../contracts/tickets.contract';

/** Labels, colours, badges and select options for the ticket enums of the contract, in the interface language. */

export const priorityColors: Record<Priority, MantineColor> = {
  P1: 'red',
  P2: 'orange',
  P3: 'yellow',
  P4: 'blue',
  P5: 'gray',
};

export const statusCategoryColors: Record<StatusCategory, MantineColor> = {
  new: 'blue',
  open: 'cyan',
  pending_customer: 'yellow',
  pending_supplier: 'grape',
  resolved: 'teal',
  closed: 'gray',
  merged: 'dark',
};

export function ticketTypeLabel(type: TicketType, t: TFunction): string {
  return t(`tickets.types.${type}`);
}

export function ticketTypeOptions(t: TFunction) {
  return ticketTypeSchema.options.map((type) => ({ value: type, label: ticketTypeLabel(type, t) }));
}

export function impactOptions(t: TFunction) {
  return levelOfImpactSchema.options.map((level) => ({ value: level, label: t(`tickets.impactLevels.${level}`) }));
}

export function urgencyOptions(t: TFunction) {
  return levelOfImpactSchema.options.map((level) => ({ value: level, label: t(`tickets.urgencyLevels.${level}`) }));
}

export function isLevelOfImpact(value: string | null): value is LevelOfImpact {
  return levelOfImpactSchema.safeParse(value).success;
}

/** Short labels (P1 … P5): they are chips in the filter, where "P5 · planning" would be cut short. */
export function priorityOptions() {
  return prioritySchema.options.map((priority) => ({ value: priority, label: priority }));
}

/** The categories an agent filters on (`merged` tickets are history, not work). */
export function statusCategoryOptions(t: TFunction) {
  return statusCategorySchema.options
    .filter((category) => category !== 'merged')
    .map((category) => ({ value: category, label: t(`tickets.statusCategories.${category}`) }));
}

export function viewLabel(view: TicketView, t: TFunction): string {
  return t(`tickets.views.${view}`);
}

export const ticketViews = ticketViewSchema.options;

export function isTicketView(value: string | null): value is TicketView {
  return ticketViewSchema.safeParse(value).success;
}

export const ticketSortValues = ['updated_desc', 'created_desc', 'created_asc', 'priority'] as const;
export type TicketSort = (typeof ticketSortValues)[number];

export function sortOptions(t: TFunction) {
  return ticketSortValues.map((sort) => ({ value: sort, label: t(`tickets.sort.${sort}`) }));
}

/** Badges never cut their text short: a table column grows to fit them instead. */
const wholeLabel = { label: { overflow: 'visible' } } as const;

/** P1 red … P5 grey, with the full meaning for screen readers and on hover. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={priorityColors[priority]}
      variant={priority === 'P1' ? 'filled' : 'light'}
      title={t(`tickets.priorities.${priority}`)}
      styles={wholeLabel}
    >
      {priority}
    </Badge>
  );
}

/** The status by its configured name, coloured by the category the code keys on. */
export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge color={statusCategoryColors[status.category]} variant="light" tt="none" styles={wholeLabel}>
      {status.name}
    </Badge>
  );
}

export function LevelBadge({ level }: { level: 1 | 2 }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={level === 2 ? 'indigo' : 'gray'}
      variant="outline"
      title={t(`supportLevels.${level}`)}
      styles={wholeLabel}
    >
      {t(`tickets.levelBadge.${level}`)}
    </Badge>
  );
}
