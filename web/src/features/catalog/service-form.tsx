import { Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  createServiceBodySchema,
  updateServiceBodySchema,
  type CreateServiceBody,
  type Service,
  type UpdateServiceBody,
} from '../../../../contracts/catalog.contract';
import { RecordFormLayout, formContract, useContractForm } from '../../shared/record-form';
import { DefaultGroupFields } from './default-group-fields';

type ServiceFormValues = {
  name: string;
  description: string;
  defaultLevel1GroupId: string | null;
  defaultLevel2GroupId: string | null;
};

const fieldNames = ['name', 'description', 'defaultLevel1GroupId', 'defaultLevel2GroupId'] as const;

function serviceFormValues(service?: Service): ServiceFormValues {
  return {
    name: service?.name ?? '',
    description: service?.description ?? '',
    defaultLevel1GroupId: service?.defaultLevel1GroupId ?? null,
    defaultLevel2GroupId: service?.defaultLevel2GroupId ?? null,
  };
}

const toCreateBody = (values: ServiceFormValues): CreateServiceBody => ({ ...values });
const toUpdateBody = (values: ServiceFormValues, version: number): UpdateServiceBody => ({ version, ...values });

type ServiceFormProps =
  | { mode: 'create'; onSave: (body: CreateServiceBody) => Promise<unknown> }
  | { mode: 'edit'; service: Service; onSave: (body: UpdateServiceBody) => Promise<unknown> };

/** A service of the catalog: name, the description customers read, default groups of both levels. */
export function ServiceForm(props: ServiceFormProps) {
  const { t } = useTranslation();
  const { form, submit } = useContractForm({
    initialValues: serviceFormValues(props.mode === 'edit' ? props.service : undefined),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createServiceBodySchema, toCreateBody, props.onSave)
        : formContract(
            updateServiceBodySchema,
            (values: ServiceFormValues) => toUpdateBody(values, props.service.version),
            props.onSave,
          ),
  });

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('catalog.createService') : t('common.save')}
    >
      <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
      <Textarea
        label={t('catalog.serviceDescription')}
        description={t('catalog.serviceDescriptionHint')}
        autosize
        minRows={3}
        {...form.getInputProps('description')}
      />
      <DefaultGroupFields
        level1={form.getInputProps('defaultLevel1GroupId')}
        level2={form.getInputProps('defaultLevel2GroupId')}
      />
    </RecordFormLayout>
  );
}
