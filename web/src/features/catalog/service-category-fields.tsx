import { Select, SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEveryCategory, useEveryService } from './catalog.queries';

interface ServiceCategoryFieldsProps {
  serviceId: string | null;
  categoryId: string | null;
  onChange: (value: { serviceId: string | null; categoryId: string | null }) => void;
  errors?: { serviceId?: ReactNode; categoryId?: ReactNode };
  /** Shown under the service select (the portal explains what a service is). */
  serviceDescription?: string;
}

/**
 * Service, then category: the categories offered are the chosen service's and the desk-wide ones
 * (no service). Changing the service drops a category that does not belong to it.
 */
export function ServiceCategoryFields({
  serviceId,
  categoryId,
  onChange,
  errors,
  serviceDescription,
}: ServiceCategoryFieldsProps) {
  const { t } = useTranslation();
  const services = useEveryService({ active: 'true' });
  const categories = useEveryCategory({ active: 'true' });

  const categoriesOf = (service: string | null) =>
    (categories.data ?? []).filter((category) => category.serviceId === null || category.serviceId === service);
  const categoryOptions = categoriesOf(serviceId).map((category) => ({ value: category.id, label: category.name }));

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Select
        label={t('tickets.fields.service')}
        description={serviceDescription}
        placeholder={services.isPending ? t('common.loading') : t('catalog.chooseService')}
        data={(services.data ?? []).map((service) => ({ value: service.id, label: service.name }))}
        value={serviceId}
        onChange={(nextService) => {
          const keepCategory = categoriesOf(nextService).some((category) => category.id === categoryId);
          onChange({ serviceId: nextService, categoryId: keepCategory ? categoryId : null });
        }}
        searchable
        clearable
        nothingFoundMessage={t('common.nothingFound')}
        error={errors?.serviceId}
      />
      <Select
        label={t('tickets.fields.category')}
        placeholder={categories.isPending ? t('common.loading') : t('catalog.chooseCategory')}
        data={categoryOptions}
        value={categoryId}
        onChange={(nextCategory) => onChange({ serviceId, categoryId: nextCategory })}
        disabled={categoryOptions.length === 0}
        searchable
        clearable
        nothingFoundMessage={t('common.nothingFound')}
        error={errors?.categoryId}
      />
    </SimpleGrid>
  );
}
