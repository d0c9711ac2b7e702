import { Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Service } from '../../../../contracts/catalog.contract';
import { nameColumn, statusColumn } from '../../shared/directory-columns';
import { ActiveFilterSelect, ListPageLayout, SearchFilter, useSearchText } from '../../shared/list-page-layout';
import type { ActiveFilter } from '../../shared/option-lists';
import { QueryState } from '../../shared/query-state';
import { CreatePageLayout, EditPageLayout, useCreateAndOpen } from '../../shared/record-pages';
import { ResourceTable, type ResourceColumn } from '../../shared/resource-table';
import { ActiveBadge } from '../../shared/status-badges';
import { useCursorPagination } from '../../shared/use-cursor-pagination';
import { useResourceEditor } from '../../shared/use-resource-editor';
import { useCreateService, useService, useServices, useUpdateService, type CatalogFilters } from './catalog.queries';
import { useGroupNames } from './default-group-fields';
import { ServiceForm } from './service-form';

/** Admin › Services: the catalog customers choose from, with the groups that take each one by default. */
export function ServicesPage() {
  const { t } = useTranslation();
  const search = useSearchText();
  const [active, setActive] = useState<ActiveFilter>('true');
  const filters: CatalogFilters = { q: search.query, active: active || undefined };
  const pagination = useCursorPagination(JSON.stringify(filters));
  const services = useServices({ ...filters, ...pagination.page });
  const groupNames = useGroupNames();

  return (
    <ListPageLayout
      title={t('catalog.servicesTitle')}
      description={t('catalog.servicesDescription')}
      newLabel={t('catalog.newService')}
      filters={
        <>
          <SearchFilter search={search} placeholder={t('catalog.searchPlaceholder')} />
          <ActiveFilterSelect value={active} onChange={setActive} />
        </>
      }
    >
      <ResourceTable
        columns={serviceColumns(t, groupNames)}
        query={services}
        pagination={pagination}
        emptyMessage={t('catalog.noServices')}
        minWidth={760}
      />
    </ListPageLayout>
  );
}

function serviceColumns(t: TFunction, groupNames: (id: string | null) => string): ResourceColumn<Service>[] {
  const name = nameColumn<Service>(t);
  return [
    {
      ...name,
      cellProps: { maw: 380 },
      cell: (service) => (
        <>
          {name.cell(service)}
          {service.description && (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {service.description}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'level1',
      header: t('catalog.defaultLevel1Group'),
      cell: (service) => groupNames(service.defaultLevel1GroupId),
    },
    {
      key: 'level2',
      header: t('catalog.defaultLevel2Group'),
      cell: (service) => groupNames(service.defaultLevel2GroupId),
    },
    statusColumn(t),
  ];
}

/** Admin › Services › New. */
export function ServiceCreatePage() {
  const { t } = useTranslation();
  const createService = useCreateService();
  const save = useCreateAndOpen(createService, () => t('catalog.serviceCreated'));
  return (
    <CreatePageLayout
      backLabel={t('catalog.backToServices')}
      title={t('catalog.newService')}
      error={createService.error}
    >
      <ServiceForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}

/** Admin › one service: edit, deactivate (no longer offered for new requests) or reactivate. */
export function ServiceEditPage() {
  const { t } = useTranslation();
  const { serviceId = '' } = useParams();
  const editor = useResourceEditor(useService(serviceId), useUpdateService(serviceId));
  const service = editor.record;

  if (!service) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={service.active}
      backLabel={t('catalog.backToServices')}
      title={service.name}
      deactivateConfirm={{
        title: t('catalog.deactivateServiceTitle', { name: service.name }),
        message: t('catalog.deactivateServiceMessage'),
      }}
      summary={
        <Group>
          <ActiveBadge active={service.active} />
        </Group>
      }
    >
      <ServiceForm key={editor.formKey} mode="edit" service={service} onSave={editor.save} />
    </EditPageLayout>
  );
}
