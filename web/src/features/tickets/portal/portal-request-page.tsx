import { Button, Group, Radio, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
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
import { PageHeader } from '../../../shared/page-header';
import { submitNewTicket } from '../create/submit-new-ticket';
import { RichTextField } from '../../../shared/rich-text-field';
import { ServiceCategoryFields } from '../../catalog/service-category-fields';
import type { CustomFieldDefinition } from '../../../../../contracts/custom-fields.contract';
import { CustomFieldInputs, type CustomFieldValues } from '../../custom-fields/custom-field-input';
import { customFieldsBody } from '../../custom-fields/custom-field-form-values';
import { applicableFields } from '../../custom-fields/custom-field-labels';
import { useEveryCustomField } from '../../custom-fields/custom-fields.queries';
import { isLevelOfImpact } from '../ticket-labels';
import { useCreateTicket } from '../tickets.queries';

interface RequestValues {
  type: TicketType;
  serviceId: string | null;
  categoryId: string | null;
  subject: string;
  description: string;
  urgency: LevelOfImpact;
  customFields: CustomFieldValues;
}

const fieldNames = ['type', 'serviceId', 'categoryId', 'subject', 'description', 'urgency'] as const;

/** The fields the customer is asked for: the server sends them only those visible to customers. */
const fieldsFor = (fields: CustomFieldDefinition[] | undefined, values: RequestValues) =>
  applicableFields(fields, { type: values.type, serviceId: values.serviceId });

/** The customer opens for themselves: no requester, no channel (the server records "portal"). */
function toBody(values: RequestValues, fields: CustomFieldDefinition[] = []): CreateTicketBody {
  return {
    type: values.type,
    serviceId: values.serviceId ?? undefined,
    categoryId: values.categoryId ?? undefined,
    subject: values.subject,
    description: values.description,
    urgency: values.urgency,
    customFields: customFieldsBody(fields, values.customFields),
  };
}

/** A new request in the customer's words: a problem or a service, what about, and how urgent. */
function PortalRequestForm({ onSave }: { onSave: (body: CreateTicketBody) => Promise<unknown> }) {
  const { t } = useTranslation();
  const customFields = useEveryCustomField({ active: 'true' });
  const form = useForm<RequestValues>({
    initialValues: {
      type: 'incident',
      serviceId: null,
      categoryId: null,
      subject: '',
      description: '',
      urgency: 'medium',
      customFields: {},
    },
    validate: contractValidator(createTicketBodySchema, toBody, t),
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
      <Stack gap="md" maw={720}>
        <Radio.Group label={t('portal.form.typeQuestion')} {...form.getInputProps('type')}>
          <Group mt="xs">
            <Radio value="incident" label={t('portal.form.incident')} />
            <Radio value="service_request" label={t('portal.form.serviceRequest')} />
          </Group>
        </Radio.Group>
        <ServiceCategoryFields
          serviceId={form.values.serviceId}
          categoryId={form.values.categoryId}
          onChange={(choice) => form.setValues(choice)}
          errors={{ serviceId: form.errors.serviceId, categoryId: form.errors.categoryId }}
        />
        <TextInput
          label={t('tickets.fields.subject')}
          description={t('portal.form.subjectHint')}
          required
          {...form.getInputProps('subject')}
        />
        <RichTextField
          label={t('tickets.fields.description')}
          description={t('portal.form.descriptionHint')}
          required
          minHeight={160}
          value={form.values.description}
          onChange={(html) => form.setFieldValue('description', html)}
          error={form.errors.description}
        />
        <CustomFieldInputs
          fields={fieldsFor(customFields.data, form.values)}
          values={form.values.customFields}
          onChange={(key, value) => form.setFieldValue('customFields', { ...form.values.customFields, [key]: value })}
          errors={form.errors}
        />
        <AttachmentPicker uploads={files} />
        <Select
          label={t('portal.form.urgencyQuestion')}
          data={[
            { value: 'low', label: t('portal.form.urgency.low') },
            { value: 'medium', label: t('portal.form.urgency.medium') },
            { value: 'high', label: t('portal.form.urgency.high') },
          ]}
          value={form.values.urgency}
          onChange={(value) => isLevelOfImpact(value) && form.setFieldValue('urgency', value)}
          allowDeselect={false}
          maw={420}
        />
        <Group>
          <Button type="submit" loading={form.submitting} disabled={files.busy}>
            {t('portal.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Portal › New request. */
export function PortalRequestPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const createTicket = useCreateTicket();

  const save = async (body: CreateTicketBody) => {
    const ticket = await createTicket.mutateAsync(body);
    notifySuccess(t('portal.requestCreated', { number: ticket.number }));
    await navigate(`/portal/tickets/${ticket.id}`);
  };

  return (
    <>
      <BackLink to="/portal" label={t('portal.backToRequests')} />
      <PageHeader title={t('portal.newRequest')} description={t('portal.newRequestDescription')} />
      <ApiErrorAlert error={createTicket.error} />
      <PortalRequestForm onSave={save} />
    </>
  );
}
