import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, TextInput, Input } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Channel } from '../../../../../contracts/common.contract';
import {
  createTicketBodySchema,
  type CreateTicketBody,
  type LevelOfImpact,
  type TicketType,
} from '../../../../../contracts/tickets.contract';
import { AttachmentPicker } from '../../attachments/attachment-picker';
import { useAttachmentUploads } from '../../attachments/use-attachment-uploads';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { BackLink } from '../../../shared/back-link';
import { contractValidator } from '../../../shared/form-validation';
import { notifySuccess } from '../../../shared/notify';
import { channelOptions } from '../../../shared/option-lists';
import { PageHeader } from '../../../shared/page-header';
import { submitNewTicket } from './submit-new-ticket';
import { RichTextField } from '../../../shared/rich-text-field';
import { ServiceCategoryFields } from '../../catalog/service-category-fields';
import type { CustomFieldDefinition } from '../../../../../contracts/custom-fields.contract';
import { CustomFieldInputs, type CustomFieldValues } from '../../custom-fields/custom-field-input';
import { customFieldsBody } from '../../custom-fields/custom-field-form-values';
import { applicableFields } from '../../custom-fields/custom-field-labels';
import { useEveryCustomField } from '../../custom-fields/custom-fields.queries';
import { impactOptions, isLevelOfImpact, ticketTypeOptions, urgencyOptions } from '../ticket-labels';
import { useCreateTicket } from '../tickets.queries';
import { RequesterEmailField } from './requester-email-field';

interface TicketCreateValues {
  type: TicketType;
  requesterEmail: string;
  requesterName: string;
  subject: string;
  description: string;
  serviceId: string | null;
  categoryId: string | null;
  impact: LevelOfImpact;
  urgency: LevelOfImpact;
  channel: Channel;
  tags: string[];
  customFields: CustomFieldValues;
}

const fieldNames = [
  'type',
  'requesterEmail',
  'requesterName',
  'subject',
  'description',
  'serviceId',
  'categoryId',
  'impact',
  'urgency',
  'channel',
  'tags',
] as const;

/** The custom fields offered for the ticket as it stands (its type and service). */
const fieldsFor = (fields: CustomFieldDefinition[] | undefined, values: TicketCreateValues) =>
  applicableFields(fields, { type: values.type, serviceId: values.serviceId });

function toBody(values: TicketCreateValues, fields: CustomFieldDefinition[] = []): CreateTicketBody {
  return {
    type: values.type,
    requester: { email: values.requesterEmail, name: values.requesterName.trim() || undefined },
    subject: values.subject,
    description: values.description,
    serviceId: values.serviceId ?? undefined,
    categoryId: values.categoryId ?? undefined,
    impact: values.impact,
    urgency: values.urgency,
    channel: values.channel,
    tags: values.tags,
    customFields: customFieldsBody(fields, values.customFields),
  };
}

const validateBody = (t: Parameters<typeof contractValidator>[2]) => {
  const validate = contractValidator(createTicketBodySchema, toBody, t);
  // The requester's fields are one object in the body and two inputs in the form.
  return (values: TicketCreateValues) => {
    const { requester, ...errors } = validate(values);
    return requester ? { ...errors, requesterEmail: requester } : errors;
  };
};

/** A ticket taken by an agent for a caller: who, what, where in the catalog, how bad. */
function TicketCreateForm({ onSave }: { onSave: (body: CreateTicketBody) => Promise<unknown> }) {
  const { t } = useTranslation();
  const customFields = useEveryCustomField({ active: 'true' });
  const form = useForm<TicketCreateValues>({
    initialValues: {
      type: 'incident',
      requesterEmail: '',
      requesterName: '',
      subject: '',
      description: '',
      serviceId: null,
      categoryId: null,
      impact: 'medium',
      urgency: 'medium',
      channel: 'phone',
      tags: [],
      customFields: {},
    },
    validate: validateBody(t),
  });

  const files = useAttachmentUploads();
  const submit = form.onSubmit((values) =>
    submitNewTicket({
      form,
      values,
      definitions: customFields.data,
      toBody: (current, fields) => createTicketBodySchema.parse(toBody(current, fields)),
      attachmentIds: files.attachmentIds,
      onSave,
      fieldNames,
      t,
    }),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={820}>
        <Input.Wrapper label={t('tickets.fields.type')}>
          <div>
            <SegmentedControl data={ticketTypeOptions(t)} {...form.getInputProps('type')} />
          </div>
        </Input.Wrapper>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RequesterEmailField
            value={form.values.requesterEmail}
            onChange={(email) => form.setFieldValue('requesterEmail', email)}
            onContactPicked={(contact) => form.setFieldValue('requesterName', contact.name)}
            error={form.errors.requesterEmail}
          />
          <TextInput
            label={t('tickets.fields.requesterName')}
            description={t('tickets.requesterNameHint')}
            {...form.getInputProps('requesterName')}
          />
        </SimpleGrid>
        <TextInput label={t('tickets.fields.subject')} required {...form.getInputProps('subject')} />
        <RichTextField
          label={t('tickets.fields.description')}
          required
          minHeight={140}
          value={form.values.description}
          onChange={(html) => form.setFieldValue('description', html)}
          error={form.errors.description}
        />
        <AttachmentPicker uploads={files} />
        <ServiceCategoryFields
          serviceId={form.values.serviceId}
          categoryId={form.values.categoryId}
          onChange={(choice) => form.setValues(choice)}
          errors={{ serviceId: form.errors.serviceId, categoryId: form.errors.categoryId }}
        />
        <CustomFieldInputs
          fields={fieldsFor(customFields.data, form.values)}
          values={form.values.customFields}
          onChange={(key, value) => form.setFieldValue('customFields', { ...form.values.customFields, [key]: value })}
          errors={form.errors}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('tickets.fields.impact')}
            data={impactOptions(t)}
            allowDeselect={false}
            value={form.values.impact}
            onChange={(value) => isLevelOfImpact(value) && form.setFieldValue('impact', value)}
            error={form.errors.impact}
          />
          <Select
            label={t('tickets.fields.urgency')}
            data={urgencyOptions(t)}
            allowDeselect={false}
            value={form.values.urgency}
            onChange={(value) => isLevelOfImpact(value) && form.setFieldValue('urgency', value)}
            error={form.errors.urgency}
          />
          <Select
            label={t('tickets.fields.channel')}
            data={channelOptions(t)}
            allowDeselect={false}
            {...form.getInputProps('channel')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('tickets.fields.tags')}
          description={t('tickets.tagsHint')}
          clearable
          {...form.getInputProps('tags')}
        />
        <Group>
          <Button type="submit" loading={form.submitting} disabled={files.busy}>
            {t('tickets.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Agent workspace › New ticket: typically a phone call taken by level 1. */
export function TicketCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const createTicket = useCreateTicket();

  const save = async (body: CreateTicketBody) => {
    const ticket = await createTicket.mutateAsync(body);
    notifySuccess(t('tickets.created', { number: ticket.number }));
    await navigate(`/agent/tickets/${ticket.id}`);
  };

  return (
    <>
      <BackLink to=".." label={t('tickets.backToList')} />
      <PageHeader title={t('tickets.new')} description={t('tickets.newDescription')} />
      <ApiErrorAlert error={createTicket.error} />
      <TicketCreateForm onSave={save} />
    </>
  );
}
