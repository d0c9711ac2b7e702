import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizations } from './organizations.queries';

interface OrganizationSelectProps {
  label: string;
  value: string | null;
  /** Name of the organisation already chosen, which the current search may not return. */
  selectedName: string | null;
  onChange: (organizationId: string | null) => void;
  error?: React.ReactNode;
  description?: string;
}

/** Picks an organisation by searching the server (the directory can be large), 20 at a time. */
export function OrganizationSelect({
  label,
  value,
  selectedName,
  onChange,
  error,
  description,
}: OrganizationSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(
    value && selectedName ? { id: value, name: selectedName } : null,
  );
  const organizations = useOrganizations({ q: debouncedSearch || undefined, active: 'true', limit: 20 });

  const options = (organizations.data?.items ?? []).map((organization) => ({
    value: organization.id,
    label: organization.name,
  }));
  if (value && chosen?.id === value && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: chosen.name });
  }

  return (
    <Select
      label={label}
      description={description}
      placeholder={t('contacts.noOrganization')}
      data={options}
      value={value}
      onChange={(organizationId, option) => {
        setChosen(organizationId && option ? { id: organizationId, name: option.label } : null);
        onChange(organizationId);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has filtered already; filtering again here would hide the chosen one while typing.
      filter={({ options: all }) => all}
      clearable
      nothingFoundMessage={organizations.isFetching ? t('common.loading') : t('common.nothingFound')}
      error={error}
    />
  );
}
