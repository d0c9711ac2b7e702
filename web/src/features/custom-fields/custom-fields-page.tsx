import { Anchor, Badge, Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CustomFieldDefinition } from '../../../../contracts/custom-fields.contract';
import { statusColumn } from '../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../shared/list-page-layout';
import type { ActiveFilter } from '../../shared/option-lists';
import { QueryState } from '../../shared/query-state';
import { CreatePageLayout, EditPageLayout, useCreateAndOpen } from '../../shared/record-pages';
import { ResourceTable, type ResourceColumn } from '../../shared/resource-table';
import { ActiveBadge } from '../../shared/status-badges';
import { useCursorPagination } from '../../shared/use-cursor-pagination';
import { useResourceEditor } from '../../shared/use-resource-editor';
import { ticketTypeLabel } from '../tickets/ticket-labels';
import { CustomFieldForm } from './custom-field-form';
import { fieldLabel, fieldTypeLabel } from './custom-field-labels';
import {
  useCreateCustomField,
  useCustomField,
  useCustomFields,
  useUpdateCustomField,
  type CustomFieldFilters,
} from './custom-fields.queries';

/** Admin › Custom fields: the typed fields tickets carry, in the order forms show them. */
export function CustomFieldsPage() {
  const { t, i18n } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('true');
  const filters: CustomFieldFilters = { q: search.query, active: active || undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const fields = useCustomFields({ ...filters, ...pagination.page });

  return (
    <ListPageLayout
      title={t('customFields.title')}
      description={t('customFields.description')}
      newLabel={t('customFields.new')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('customFields.searchPlaceholder')} />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ResourceTable
        columns={customFieldColumns(t, i18n.language)}
        query={fields}
        pagination={pagination}
        emptyMessage={t('customFields.none')}
        minWidth={820}
      />
    </ListPageLayout>
  );
}

function customFieldColumns(t: TFunction, language: string): ResourceColumn<CustomFieldDefinition>[] {
  return [
    {
      key: 'label',
      header: t('customFields.fields.label'),
      cell: (field) => (
        <Anchor component={Link} to={field.id} fw={500}>
          {fieldLabel(field, language)}
        </Anchor>
      ),
    },
    {
      key: 'key',
      header: t('customFields.fields.key'),
      cell: (field) => (
        <Text ff="monospace" size="sm">
          {field.key}
        </Text>
      ),
    },
    { key: 'type', header: t('customFields.fields.type'), cell: (field) => fieldTypeLabel(field.type, t) },
    {
      key: 'appliesTo',
      header: t('customFields.fields.appliesTo'),
      cell: (field) =>
        [
          field.ticketTypes.map((type) => ticketTypeLabel(type, t)).join(', '),
          field.serviceIds.length > 0 ? t('customFields.serviceCount', { count: field.serviceIds.length }) : null,
        ]
          .filter(Boolean)
          .join(' · '),
    },
    statusColumn(t, (field) => (
      <>
        {field.required && (
          <Badge size="sm" variant="light" color="orange">
            {t('customFields.badges.required')}
          </Badge>
        )}
        {field.visibleToCustomer && (
          <Badge size="sm" variant="light" color="teal">
            {t('customFields.badges.visibleToCustomer')}
          </Badge>
        )}
      </>
    )),
  ];
}

/** Admin › Custom fields › New. */
export function CustomFieldCreatePage() {
  const { t, i18n } = useTranslation();
  const create = useCreateCustomField();
  const save = useCreateAndOpen(create, (saved) =>
    t('customFields.created', { label: fieldLabel(saved, i18n.language) }),
  );
  return (
    <CreatePageLayout backLabel={t('customFields.backToList')} title={t('customFields.new')} error={create.error}>
      <CustomFieldForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}

/** Admin › one custom field: labels, options and where it applies; retire it by deactivating. */
export function CustomFieldEditPage() {
  const { t, i18n } = useTranslation();
  const { customFieldId = '' } = useParams();
  const editor = useResourceEditor(useCustomField(customFieldId), useUpdateCustomField(customFieldId));
  const field = editor.record;

  if (!field) return <QueryState query={editor.query}>{() => null}</QueryState>;
  const label = fieldLabel(field, i18n.language);

  return (
    <EditPageLayout
      editor={editor}
      active={field.active}
      backLabel={t('customFields.backToList')}
      title={label}
      deactivateConfirm={{
        title: t('customFields.deactivateTitle', { label }),
        message: t('customFields.deactivateMessage'),
      }}
      summary={
        <Group>
          <ActiveBadge active={field.active} />
          <Text ff="monospace" size="sm" c="dimmed">
            {field.key} · {fieldTypeLabel(field.type, t)}
          </Text>
        </Group>
      }
    >
      <CustomFieldForm key={editor.formKey} mode="edit" field={field} onSave={editor.save} />
    </EditPageLayout>
  );
}
