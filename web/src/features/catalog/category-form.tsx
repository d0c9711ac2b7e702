import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  createCategoryBodySchema,
  updateCategoryBodySchema,
  type Category,
  type CreateCategoryBody,
  type UpdateCategoryBody,
} from '../../../../contracts/catalog.contract';
import { RecordFormLayout, formContract, useContractForm } from '../../shared/record-form';
import { useEveryService } from './catalog.queries';
import { DefaultGroupFields } from './default-group-fields';

type CategoryFormValues = {
  name: string;
  serviceId: string | null;
  defaultLevel1GroupId: string | null;
  defaultLevel2GroupId: string | null;
};

const fieldNames = ['name', 'serviceId', 'defaultLevel1GroupId', 'defaultLevel2GroupId'] as const;

function categoryFormValues(category?: Category): CategoryFormValues {
  return {
    name: category?.name ?? '',
    serviceId: category?.serviceId ?? null,
    defaultLevel1GroupId: category?.defaultLevel1GroupId ?? null,
    defaultLevel2GroupId: category?.defaultLevel2GroupId ?? null,
  };
}

const toCreateBody = (values: CategoryFormValues): CreateCategoryBody => ({ ...values });
const toUpdateBody = (values: CategoryFormValues, version: number): UpdateCategoryBody => ({ version, ...values });

type CategoryFormProps =
  | { mode: 'create'; onSave: (body: CreateCategoryBody) => Promise<unknown> }
  | { mode: 'edit'; category: Category; onSave: (body: UpdateCategoryBody) => Promise<unknown> };

/** A category: of one service or desk-wide, with its own default groups (they win over the service's). */
export function CategoryForm(props: CategoryFormProps) {
  const { t } = useTranslation();
  const services = useEveryService({});
  const { form, submit } = useContractForm({
    initialValues: categoryFormValues(props.mode === 'edit' ? props.category : undefined),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createCategoryBodySchema, toCreateBody, props.onSave)
        : formContract(
            updateCategoryBodySchema,
            (values: CategoryFormValues) => toUpdateBody(values, props.category.version),
            props.onSave,
          ),
  });
  const serviceOptions = (services.data ?? []).map((service) => ({
    value: service.id,
    label: service.active ? service.name : t('common.nameInactive', { name: service.name }),
  }));

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('catalog.createCategory') : t('common.save')}
    >
      <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
      <Select
        label={t('tickets.fields.service')}
        description={t('catalog.categoryServiceHint')}
        placeholder={t('catalog.deskWide')}
        data={serviceOptions}
        searchable
        clearable
        {...form.getInputProps('serviceId')}
      />
      <DefaultGroupFields
        level1={form.getInputProps('defaultLevel1GroupId')}
        level2={form.getInputProps('defaultLevel2GroupId')}
      />
    </RecordFormLayout>
  );
}
