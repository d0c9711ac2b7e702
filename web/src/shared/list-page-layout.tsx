import { Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { activeFilterOptions, type ActiveFilter } from './option-lists';
import { PageHeader } from './page-header';

interface ListPageLayoutProps {
  title: string;
  description: string;
  /** Label of the header button that opens the create page (`new`, relative to the list); none without it. */
  newLabel?: string;
  /** The filter inputs, search first (`SearchFilter`), then selects, status last (`ActiveFilterSelect`). */
  filters: ReactNode;
  /** The list itself, usually a `ResourceTable`. */
  children: ReactNode;
}

/**
 * A list screen: header (with "New …" where records can be created), a row of filters that wraps
 * on narrow screens, then the list. The page owns the filter state and the query.
 */
export function ListPageLayout({ title, description, newLabel, filters, children }: ListPageLayoutProps) {
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          newLabel && (
            <Button component={Link} to="new" leftSection={<IconPlus size={16} />}>
              {newLabel}
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        {filters}
      </Group>
      {children}
    </>
  );
}

/**
 * The free text a list is searched by, as typed and as sent: the request follows the box 300 ms
 * after the last keystroke, trimmed, and leaves the filter out while the box is blank.
 */
export function useSearchText() {
  const [text, setText] = useState('');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  return { text, setText, query: debouncedText || undefined };
}

interface SearchFilterProps {
  search: ReturnType<typeof useSearchText>;
  placeholder: string;
  /** Defaults to "Search"; a list searched by one field names it (the Outbox: recipient). */
  label?: string;
  w?: number;
}

/** The search box of a list's filters, bound to `useSearchText`. */
export function SearchFilter({ search, placeholder, label, w = 260 }: SearchFilterProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label ?? t('filters.search')}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={search.text}
      onChange={(event) => search.setText(event.currentTarget.value)}
      w={w}
    />
  );
}

/** The "Status" filter of lists whose records can be deactivated: all, active only, deactivated only. */
export function ActiveFilterSelect({
  value,
  onChange,
}: {
  value: ActiveFilter;
  onChange: (value: ActiveFilter) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('filters.status')}
      data={activeFilterOptions(t)}
      value={value}
      onChange={(selected) => onChange((selected ?? '') as ActiveFilter)}
      allowDeselect={false}
      w={160}
    />
  );
}
