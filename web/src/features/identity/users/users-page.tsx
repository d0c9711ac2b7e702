import { Badge, Select } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffRoleSchema, type StaffRole, type User } from '../../../../../contracts/identity.contract';
import { nameColumn, statusColumn } from '../../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../../shared/list-page-layout';
import { roleLabel, staffRoleOptions, type ActiveFilter } from '../../../shared/option-lists';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { PasswordBadge } from '../../../shared/status-badges';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { useEveryGroup } from '../groups/groups.queries';
import { useUsers, type UserFilters } from './users.queries';

/** Admin › Users: staff accounts, searchable and filtered by status, role and group. */
export function UsersPage() {
  const { t } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('');
  const [role, setRole] = useState<StaffRole | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);

  const filters: UserFilters = {
    q: search.query,
    active: active || undefined,
    role: role ?? undefined,
    groupId: groupId ?? undefined,
  };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const users = useUsers({ ...filters, ...pagination.page });
  const groups = useEveryGroup({});
  const groupNames = new Map((groups.data ?? []).map((group) => [group.id, group.name]));

  return (
    <ListPageLayout
      title={t('users.title')}
      description={t('users.description')}
      newLabel={t('users.new')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('users.searchPlaceholder')} />
          <Select
            label={t('fields.role')}
            placeholder={t('filters.anyRole')}
            data={staffRoleOptions(t)}
            value={role}
            onChange={(value) => setRole(staffRoleSchema.safeParse(value).data ?? null)}
            clearable
            w={180}
          />
          <Select
            label={t('fields.group')}
            placeholder={t('filters.anyGroup')}
            data={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
            value={groupId}
            onChange={setGroupId}
            searchable
            clearable
            w={220}
          />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ResourceTable
        columns={userColumns(t, groupNames)}
        query={users}
        pagination={pagination}
        emptyMessage={t('users.empty')}
        minWidth={720}
      />
    </ListPageLayout>
  );
}

function userColumns(t: TFunction, groupNames: Map<string, string>): ResourceColumn<User>[] {
  return [
    nameColumn(t),
    { key: 'email', header: t('fields.email'), cell: (user) => user.email },
    { key: 'role', header: t('fields.role'), cell: (user) => roleLabel(user.role, t) },
    {
      key: 'groups',
      header: t('fields.groups'),
      cell: (user) =>
        user.groupIds
          .map((id) => groupNames.get(id))
          .filter(Boolean)
          .join(', ') || '—',
    },
    statusColumn(t, (user) => (
      <>
        {!user.hasPassword && <PasswordBadge hasPassword={false} />}
        {user.away && (
          <Badge color="grape" variant="light">
            {t('users.awayBadge')}
          </Badge>
        )}
      </>
    )),
  ];
}
