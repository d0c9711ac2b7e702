import { Button, Collapse, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconArrowsSort, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { priorityOptions, sortOptions, statusCategoryOptions, ticketSortValues } from '../ticket-labels';
import { TicketMoreFilters } from './ticket-more-filters';
import type { FilterParamName, useTicketSearchParams } from './ticket-search-params';

type SearchParamsState = ReturnType<typeof useTicketSearchParams>;

/** The filters on the first line; the others are counted on the "More filters" button. */
const mainFilters: FilterParamName[] = ['status', 'priority', 'level'];

const csvToList = (value: string) => (value ? value.split(',') : []);
const listToCsv = (values: string[]) => (values.length ? values.join(',') : null);

/** Search and the everyday filters on one line; the rarer ones behind "More filters". */
export function TicketFilterBar({ state }: { state: SearchParamsState }) {
  const { t } = useTranslation();
  const { values, update } = state;
  const [search, setSearch] = useState(values.q);
  const pushSearch = useDebouncedCallback((value: string) => update({ q: value.trim() || null }), 300);
  const moreCount = state.activeFilterCount - mainFilters.filter((name) => values[name]).length;
  const [moreOpened, { toggle: toggleMore }] = useDisclosure(moreCount > 0);

  return (
    <>
      <Group gap="sm" align="flex-end" wrap="wrap" mb="sm">
        <TextInput
          label={t('filters.search')}
          placeholder={t('tickets.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            pushSearch(event.currentTarget.value);
          }}
          w={240}
        />
        <MultiSelect
          label={t('tickets.fields.status')}
          placeholder={values.status ? undefined : t('tickets.filters.anyStatus')}
          data={statusCategoryOptions(t)}
          value={csvToList(values.status)}
          onChange={(selected) => update({ status: listToCsv(selected) })}
          clearable
          w={220}
        />
        <MultiSelect
          label={t('tickets.fields.priority')}
          placeholder={values.priority ? undefined : t('tickets.filters.anyPriority')}
          data={priorityOptions()}
          value={csvToList(values.priority)}
          onChange={(selected) => update({ priority: listToCsv(selected) })}
          clearable
          w={180}
        />
        <Select
          label={t('tickets.fields.level')}
          placeholder={t('filters.anyLevel')}
          data={[
            { value: '1', label: t('tickets.levelShort.1') },
            { value: '2', label: t('tickets.levelShort.2') },
          ]}
          value={values.level || null}
          onChange={(value) => update({ level: value })}
          clearable
          w={140}
        />
        <Button
          variant={moreOpened ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={16} />}
          onClick={toggleMore}
          aria-expanded={moreOpened}
        >
          {moreCount > 0 ? t('tickets.filters.moreWithCount', { count: moreCount }) : t('tickets.filters.more')}
        </Button>
        {state.activeFilterCount > 0 && (
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconFilterOff size={16} />}
            onClick={() => {
              setSearch('');
              state.clearFilters();
            }}
          >
            {t('tickets.filters.clear')}
          </Button>
        )}
      </Group>
      <Collapse expanded={moreOpened}>
        <TicketMoreFilters values={values} update={update} />
      </Collapse>
    </>
  );
}

/** The order of the list: a display choice, kept in the address like the filters. */
export function TicketSortSelect({ state }: { state: SearchParamsState }) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('tickets.filters.sort')}
      leftSection={<IconArrowsSort size={16} />}
      data={sortOptions(t)}
      value={state.sort}
      onChange={(value) => state.update({ sort: ticketSortValues.find((sort) => sort === value) ?? null })}
      allowDeselect={false}
      w={220}
    />
  );
}
