import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  createCustomFieldBodySchema,
  customFieldTypeSchema,
  selectFieldTypes,
  updateCustomFieldBodySchema,
  type CreateCustomFieldBody,
  type CustomFieldDefinition,
  type CustomFieldOption,
  type CustomFieldType,
  type UpdateCustomFieldBody,
} from '../../../../contracts/custom-fields.contract';
import type { TicketType } from '../../../../contracts/tickets.contract';
import { RecordFormLayout, formContract, useContractForm } from '../../shared/record-form';
import { useEveryService } from '../catalog/catalog.queries';
import { ticketTypeOptions } from '../tickets/ticket-labels';
import { fieldTypeLabel } from './custom-field-labels';

type CustomFieldFormValues = {
  key: string;
  labelIt: string;
  labelEn: string;
  type: CustomFieldType;
  options: CustomFieldOption[];
  required: boolean;
  visibleToCustomer: boolean;
  ticketTypes: TicketType[];
  serviceIds: string[];
  position: number;
};

const fieldNames = [
  'key',
  'labelIt',
  'labelEn',
  'type',
  'options',
  'required',
  'visibleToCustomer',
  'ticketTypes',
  'serviceIds',
  'position',
] as const;

function formValues(field?: CustomFieldDefinition): CustomFieldFormValues {
  return {
    key: field?.key ?? '',
    labelIt: field?.labelIt ?? '',
    labelEn: field?.labelEn ?? '',
    type: field?.type ?? 'text',
    options: field?.options ?? [],
    required: field?.required ?? false,
    visibleToCustomer: field?.visibleToCustomer ?? false,
    ticketTypes: field?.ticketTypes ?? ['incident', 'service_request'],
    serviceIds: field?.serviceIds ?? [],
    position: field?.position ?? 0,
  };
}

/** Options belong to select types only: switching to another type drops them from the body. */
const optionsOf = (values: CustomFieldFormValues) => (selectFieldTypes.includes(values.type) ? values.options : []);

const toCreateBody = (values: CustomFieldFormValues): CreateCustomFieldBody => ({
  ...values,
  options: optionsOf(values),
});

const toUpdateBody = (values: CustomFieldFormValues, version: number): UpdateCustomFieldBody => {
  const { key: _key, type: _type, ...changeable } = values;
  return { version, ...changeable, options: optionsOf(values) };
};

type CustomFieldFormProps =
  | { mode: 'create'; onSave: (body: CreateCustomFieldBody) => Promise<unknown> }
  | { mode: 'edit'; field: CustomFieldDefinition; onSave: (body: UpdateCustomFieldBody) => Promise<unknown> };

/**
 * A custom field: its key and type (fixed once created), labels in both languages, the options of
 * a select, where it applies (ticket types, services), whether customers see it and whether it is
 * required.
 */
export function CustomFieldForm(props: CustomFieldFormProps) {
  const { t } = useTranslation();
  const services = useEveryService({});
  const { form, submit } = useContractForm({
    initialValues: formValues(props.mode === 'edit' ? props.field : undefined),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createCustomFieldBodySchema, toCreateBody, props.onSave)
        : formContract(
            updateCustomFieldBodySchema,
            (values: CustomFieldFormValues) => toUpdateBody(values, props.field.version),
            props.onSave,
          ),
  });
  const editing = props.mode === 'edit';
  const isSelect = selectFieldTypes.includes(form.values.type);

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={editing ? t('common.save') : t('customFields.create')}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('customFields.fields.key')}
          description={t('customFields.keyHint')}
          required
          disabled={editing}
          ff="monospace"
          {...form.getInputProps('key')}
        />
        <Select
          label={t('customFields.fields.type')}
          description={t('customFields.typeHint')}
          data={customFieldTypeSchema.options.map((type) => ({ value: type, label: fieldTypeLabel(type, t) }))}
          allowDeselect={false}
          disabled={editing}
          {...form.getInputProps('type')}
        />
        <TextInput label={t('customFields.fields.labelIt')} required {...form.getInputProps('labelIt')} />
        <TextInput label={t('customFields.fields.labelEn')} required {...form.getInputProps('labelEn')} />
      </SimpleGrid>
      {isSelect && (
        <Input.Wrapper label={t('customFields.fields.options')} required error={form.errors.options}>
          <Stack gap="xs" mt={4}>
            {form.values.options.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('customFields.noOptions')}
              </Text>
            )}
            {form.values.options.map((option, index) => (
              <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label={t('customFields.fields.optionValue')}
                  ff="monospace"
                  {...form.getInputProps(`options.${index}.value`)}
                  style={{ flex: 1 }}
                />
                <TextInput
                  label={t('customFields.fields.optionLabelIt')}
                  {...form.getInputProps(`options.${index}.labelIt`)}
                  style={{ flex: 1 }}
                />
                <TextInput
                  label={t('customFields.fields.optionLabelEn')}
                  {...form.getInputProps(`options.${index}.labelEn`)}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={t('customFields.removeOption', { value: option.value || index + 1 })}
                  onClick={() => form.removeListItem('options', index)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                onClick={() => form.insertListItem('options', { value: '', labelIt: '', labelEn: '' })}
              >
                {t('customFields.addOption')}
              </Button>
            </Group>
          </Stack>
        </Input.Wrapper>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MultiSelect
          label={t('customFields.fields.ticketTypes')}
          data={ticketTypeOptions(t)}
          {...form.getInputProps('ticketTypes')}
        />
        <MultiSelect
          label={t('customFields.fields.services')}
          description={t('customFields.servicesHint')}
          placeholder={form.values.serviceIds.length ? undefined : t('customFields.everyService')}
          data={(services.data ?? []).map((service) => ({ value: service.id, label: service.name }))}
          searchable
          clearable
          {...form.getInputProps('serviceIds')}
        />
      </SimpleGrid>
      <NumberInput
        label={t('customFields.fields.position')}
        description={t('customFields.positionHint')}
        min={0}
        max={10_000}
        allowDecimal={false}
        maw={200}
        {...form.getInputProps('position')}
      />
      <Checkbox
        label={t('customFields.fields.required')}
        description={t('customFields.requiredHint')}
        {...form.getInputProps('required', { type: 'checkbox' })}
      />
      <Checkbox
        label={t('customFields.fields.visibleToCustomer')}
        description={t('customFields.visibleToCustomerHint')}
        {...form.getInputProps('visibleToCustomer', { type: 'checkbox' })}
      />
    </RecordFormLayout>
  );
}
