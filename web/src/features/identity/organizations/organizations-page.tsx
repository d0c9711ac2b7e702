import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organization } from '../../../../../contracts/identity.contract';
import { nameColumn, statusColumn } from '../../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../../shared/list-page-layout';
import { languageLabel, type ActiveFilter } from '../../../shared/option-lists';
import { ResourceTable, type ResourceColumn } from '../../../shared/resource-table';
import { useCursorPagination } from '../../../shared/use-cursor-pagination';
import { useOrganizations, type OrganizationFilters } from './organizations.queries';

/** The customer organisations; the same list in the agent workspace and in Admin. */
export function OrganizationsPage() {
  const { t } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('');

  const filters: OrganizationFilters = { q: search.query, active: active || undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const organizations = useOrganizations({ ...filters, ...pagination.page });

  return (
    <ListPageLayout
      title={t('organizations.title')}
      description={t('organizations.description')}
      newLabel={t('organizations.new')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('organizations.searchPlaceholder')} />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ResourceTable
        columns={organizationColumns(t)}
        query={organizations}
        pagination={pagination}
        emptyMessage={t('organizations.empty')}
        minWidth={760}
      />
    </ListPageLayout>
  );
}

function organizationColumns(t: TFunction): ResourceColumn<Organization>[] {
  return [
    nameColumn(t),
    { key: 'domains', header: t('fields.domains'), cell: (organization) => organization.domains.join(', ') || '—' },
    { key: 'segment', header: t('fields.segment'), cell: (organization) => organization.segment ?? '—' },
    { key: 'region', header: t('fields.region'), cell: (organization) => organization.region ?? '—' },
    { key: 'language', header: t('fields.language'), cell: (organization) => languageLabel(organization.language, t) },
    { key: 'contactCount', header: t('organizations.contactCount'), cell: (organization) => organization.contactCount },
    statusColumn(t),
  ];
}
