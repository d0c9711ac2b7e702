import { Badge, Group as Row, Select } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../../../contracts/identity.contract';
import { nameColumn, statusColumn } from '../../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../../shared/list-page-layout';
import { supportLevelLabel, supportLevelOptions, type ActiveFilter } from '../../../shared/option-lists';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { useGroups, type GroupFilters } from './groups.queries';

/** Admin › Groups: the support groups of both levels. */
export function GroupsPage() {
  const { t } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('');
  const [supportLevel, setSupportLevel] = useState<'1' | '2' | null>(null);

  const filters: GroupFilters = {
    q: search.query,
    active: active || undefined,
    supportLevel: supportLevel ?? undefined,
  };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const groups = useGroups({ ...filters, ...pagination.page });

  return (
    <ListPageLayout
      title={t('groups.title')}
      description={t('groups.description')}
      newLabel={t('groups.new')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('groups.searchPlaceholder')} />
          <Select
            label={t('fields.supportLevel')}
            placeholder={t('filters.anyLevel')}
            data={supportLevelOptions(t)}
            value={supportLevel}
            onChange={(value) => setSupportLevel(value === '1' || value === '2' ? value : null)}
            clearable
            w={220}
          />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ResourceTable
        columns={groupColumns(t)}
        query={groups}
        pagination={pagination}
        emptyMessage={t('groups.empty')}
        minWidth={720}
      />
    </ListPageLayout>
  );
}

function groupColumns(t: TFunction): ResourceColumn<Group>[] {
  return [
    nameColumn(t),
    {
      key: 'supportLevel',
      header: t('fields.supportLevel'),
      cell: (group) => supportLevelLabel(group.supportLevel, t),
    },
    {
      key: 'skills',
      header: t('fields.skills'),
      cell: (group) => (
        <Row gap={4}>
          {group.skills.map((skill) => (
            <Badge key={skill} variant="outline" color="gray" tt="none">
              {skill}
            </Badge>
          ))}
        </Row>
      ),
    },
    { key: 'members', header: t('fields.members'), cell: (group) => group.memberIds.length },
    statusColumn(t),
  ];
}
