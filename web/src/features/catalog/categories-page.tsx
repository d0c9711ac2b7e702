import { Group, Select } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Category } from '../../../../contracts/catalog.contract';
import { nameColumn, statusColumn } from '../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../shared/list-page-layout';
import type { ActiveFilter } from '../../shared/option-lists';
import { QueryState } from '../../shared/query-state';
import { CreatePageLayout, EditPageLayout, useCreateAndOpen } from '../../shared/record-pages';
import { ResourceTable, type ResourceColumn } from '../../shared/resource-table';
import { ActiveBadge } from '../../shared/status-badges';
import { useCursorPagination } from '../../shared/use-cursor-pagination';
import { useResourceEditor } from '../../shared/use-resource-editor';
import {
  useCategories,
  useCategory,
  useCreateCategory,
  useEveryService,
  useUpdateCategory,
  type CatalogFilters,
} from './catalog.queries';
import { CategoryForm } from './category-form';
import { useGroupNames } from './default-group-fields';

/** Admin › Categories: per service or desk-wide, each with its default groups. */
export function CategoriesPage() {
  const { t } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('true');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const filters: CatalogFilters = { q: search.query, active: active || undefined, serviceId: serviceId ?? undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const categories = useCategories({ ...filters, ...pagination.page });
  const services = useEveryService({});
  const serviceNames = new Map((services.data ?? []).map((service) => [service.id, service.name]));
  const groupNames = useGroupNames();

  const columns: ResourceColumn<Category>[] = [
    nameColumn(t),
    {
      key: 'service',
      header: t('tickets.fields.service'),
      cell: (category) => (category.serviceId ? (serviceNames.get(category.serviceId) ?? '…') : t('catalog.deskWide')),
    },
    ...defaultGroupColumns(t, groupNames),
    statusColumn(t),
  ];

  return (
    <ListPageLayout
      title={t('catalog.categoriesTitle')}
      description={t('catalog.categoriesDescription')}
      newLabel={t('catalog.newCategory')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('catalog.searchPlaceholder')} w={240} />
          <Select
            label={t('tickets.fields.service')}
            placeholder={t('tickets.filters.anyService')}
            data={(services.data ?? []).map((service) => ({ value: service.id, label: service.name }))}
            value={serviceId}
            onChange={setServiceId}
            searchable
            clearable
            w={240}
          />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ResourceTable
        columns={columns}
        query={categories}
        pagination={pagination}
        emptyMessage={t('catalog.noCategories')}
        minWidth={760}
      />
    </ListPageLayout>
  );
}

function defaultGroupColumns(t: TFunction, groupNames: (id: string | null) => string): ResourceColumn<Category>[] {
  return [
    { key: 'level1', header: t('catalog.defaultLevel1Group'), cell: (item) => groupNames(item.defaultLevel1GroupId) },
    { key: 'level2', header: t('catalog.defaultLevel2Group'), cell: (item) => groupNames(item.defaultLevel2GroupId) },
  ];
}

/** Admin › Categories › New. */
export function CategoryCreatePage() {
  const { t } = useTranslation();
  const createCategory = useCreateCategory();
  const save = useCreateAndOpen(createCategory, () => t('catalog.categoryCreated'));
  return (
    <CreatePageLayout
      backLabel={t('catalog.backToCategories')}
      title={t('catalog.newCategory')}
      error={createCategory.error}
    >
      <CategoryForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}

/** Admin › one category: edit, deactivate (no longer offered for new requests) or reactivate. */
export function CategoryEditPage() {
  const { t } = useTranslation();
  const { categoryId = '' } = useParams();
  const editor = useResourceEditor(useCategory(categoryId), useUpdateCategory(categoryId));
  const category = editor.record;

  if (!category) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={category.active}
      backLabel={t('catalog.backToCategories')}
      title={category.name}
      deactivateConfirm={{
        title: t('catalog.deactivateCategoryTitle', { name: category.name }),
        message: t('catalog.deactivateCategoryMessage'),
      }}
      summary={
        <Group>
          <ActiveBadge active={category.active} />
        </Group>
      }
    >
      <CategoryForm key={editor.formKey} mode="edit" category={category} onSave={editor.save} />
    </EditPageLayout>
  );
}
