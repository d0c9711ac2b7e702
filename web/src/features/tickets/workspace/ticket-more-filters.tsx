import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEveryGroup } from '../../identity/groups/groups.queries';
import { useEveryUser } from '../../identity/users/users.queries';
import { useEveryService } from '../../catalog/catalog.queries';
import { OrganizationFilter } from './organization-filter';
import { CustomFieldFilters } from '../../custom-fields/custom-field-filters';
import type { FilterValues } from './ticket-search-params';

interface TicketMoreFiltersProps {
  values: FilterValues;
  update: (changes: Record<string, string | null>) => void;
}

/** Group, assignee, service, organisation, tag and the created/updated day ranges (desk time). */
export function TicketMoreFilters({ values, update }: TicketMoreFiltersProps) {
  const { t } = useTranslation();
  const groups = useEveryGroup({ active: 'true' });
  const users = useEveryUser({ active: 'true' });
  const services = useEveryService({ active: 'true' });

  const assigneeOptions = [
    { value: 'me', label: t('tickets.filters.me') },
    { value: 'none', label: t('tickets.unassigned') },
    ...(users.data ?? []).map((user) => ({ value: user.id, label: user.name })),
  ];
  const dateInput = (name: 'createdFrom' | 'createdTo' | 'updatedFrom' | 'updatedTo') => (
    <TextInput
      type="date"
      label={t(`tickets.filters.${name}`)}
      value={values[name]}
      onChange={(event) => update({ [name]: event.currentTarget.value || null })}
      w={160}
    />
  );

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" mb="sm">
      <Select
        label={t('tickets.fields.group')}
        placeholder={t('filters.anyGroup')}
        data={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
        value={values.groupId || null}
        onChange={(value) => update({ groupId: value })}
        searchable
        clearable
        w={200}
      />
      <Select
        label={t('tickets.fields.assignee')}
        placeholder={t('tickets.filters.anyAssignee')}
        data={assigneeOptions}
        value={values.assigneeId || null}
        onChange={(value) => update({ assigneeId: value })}
        searchable
        clearable
        w={200}
      />
      <Select
        label={t('tickets.fields.service')}
        placeholder={t('tickets.filters.anyService')}
        data={(services.data ?? []).map((service) => ({ value: service.id, label: service.name }))}
        value={values.serviceId || null}
        onChange={(value) => update({ serviceId: value })}
        searchable
        clearable
        w={200}
      />
      <OrganizationFilter
        value={values.organizationId || null}
        onChange={(value) => update({ organizationId: value })}
      />
      <TextInput
        key={values.tag}
        label={t('tickets.fields.tag')}
        defaultValue={values.tag}
        onBlur={(event) => update({ tag: event.currentTarget.value.trim() || null })}
        onKeyDown={(event) => {
          if (event.key === 'Enter') update({ tag: event.currentTarget.value.trim() || null });
        }}
        w={140}
      />
      {dateInput('createdFrom')}
      {dateInput('createdTo')}
      {dateInput('updatedFrom')}
      {dateInput('updatedTo')}
      <CustomFieldFilters values={values} update={update} />
    </Group>
  );
}
