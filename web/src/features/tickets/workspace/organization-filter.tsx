import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organization } from '../../../../../contracts/identity.contract';
import { api } from '../../../api/api-client';
import { organizationKeys, useOrganizations } from '../../identity/organizations/organizations.queries';

interface OrganizationFilterProps {
  value: string | null;
  onChange: (organizationId: string | null) => void;
}

/** Filters by organisation, searching the directory on the server (it can be large), 20 at a time. */
export function OrganizationFilter({ value, onChange }: OrganizationFilterProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const organizations = useOrganizations({ q: debouncedSearch || undefined, active: 'true', limit: 20 });
  // The chosen one (e.g. from a bookmarked address) may not be among the results of the search.
  const chosen = useQuery({
    queryKey: organizationKeys.detail(value ?? ''),
    queryFn: ({ signal }) => api.get<Organization>(`/organizations/${value}`, { signal }),
    enabled: Boolean(value),
  });

  const options = (organizations.data?.items ?? []).map((organization) => ({
    value: organization.id,
    label: organization.name,
  }));
  if (value && chosen.data && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: chosen.data.name });
  }

  return (
    <Select
      label={t('fields.organization')}
      placeholder={t('tickets.filters.anyOrganization')}
      data={options}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has filtered already; filtering again here would hide the chosen one while typing.
      filter={({ options: all }) => all}
      clearable
      nothingFoundMessage={organizations.isFetching ? t('common.loading') : t('common.nothingFound')}
      w={220}
    />
  );
}
