import { Anchor, Group } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ResourceColumn } from './resource-table';
import { ActiveBadge } from './status-badges';

/**
 * Columns that every directory list (users, groups, organisations, contacts) draws the same way,
 * for `ResourceTable`. The other columns belong to each screen.
 */

/**
 * The first column: the record's name, linking to its page. `to` defaults to the record's id,
 * relative to the list (`users` → `users/<id>`); a list shown on other pages passes an absolute path.
 */
export function nameColumn<T extends { id: string; name: string }>(
  t: TFunction,
  to: (item: T) => string = (item) => item.id,
): ResourceColumn<T> {
  return {
    key: 'name',
    header: t('fields.name'),
    cell: (item) => (
      <Anchor component={Link} to={to(item)} fw={500}>
        {item.name}
      </Anchor>
    ),
  };
}

/**
 * The last column: active or deactivated, followed by the other states of the record worth seeing
 * in a list (`otherBadges`: invitation pending, away, portal access).
 */
export function statusColumn<T extends { active: boolean }>(
  t: TFunction,
  otherBadges?: (item: T) => ReactNode,
): ResourceColumn<T> {
  return {
    key: 'status',
    header: t('filters.status'),
    cell: (item) =>
      otherBadges ? (
        <Group gap={4}>
          <ActiveBadge active={item.active} />
          {otherBadges(item)}
        </Group>
      ) : (
        <ActiveBadge active={item.active} />
      ),
  };
}
