import { Checkbox, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { channelSchema, languageSchema } from '../../../../../contracts/common.contract';
import {
  createContactBodySchema,
  updateContactBodySchema,
  type Contact,
  type CreateContactBody,
  type UpdateContactBody,
} from '../../../../../contracts/identity.contract';
import { blankToNull, channelOptions, languageOptions } from '../../../shared/option-lists';
import { RecordFormLayout, formContract, useContractForm } from '../../../shared/record-form';
import { OrganizationSelect } from '../organizations/organization-select';

/** Select value meaning "no preference of its own": the organisation's, then the desk's. */
const inherited = 'inherited';

type ContactFormValues = {
  name: string;
  emails: string[];
  phone: string;
  organizationId: string | null;
  language: string;
  preferredChannel: string;
  sendInvitation: boolean;
};

const fieldNames = [
  'name',
  'emails',
  'phone',
  'organizationId',
  'language',
  'preferredChannel',
  'sendInvitation',
] as const;

function contactFormValues(contact?: Contact, organizationId?: string | null): ContactFormValues {
  return {
    name: contact?.name ?? '',
    emails: contact?.emails ?? [],
    phone: contact?.phone ?? '',
    organizationId: contact ? contact.organizationId : (organizationId ?? null),
    language: contact?.language ?? inherited,
    preferredChannel: contact?.preferredChannel ?? inherited,
    sendInvitation: false,
  };
}

function toCreateContactBody(values: ContactFormValues): CreateContactBody {
  return {
    name: values.name,
    emails: values.emails,
    phone: blankToNull(values.phone),
    organizationId: values.organizationId,
    language: values.language === inherited ? null : languageSchema.parse(values.language),
    preferredChannel: values.preferredChannel === inherited ? null : channelSchema.parse(values.preferredChannel),
    sendInvitation: values.sendInvitation,
  };
}

function toUpdateContactBody(values: ContactFormValues, version: number): UpdateContactBody {
  // No sendInvitation here: once the contact exists, invitations have their own button.
  const { name, emails, phone, organizationId, language, preferredChannel } = toCreateContactBody(values);
  return { version, name, emails, phone, organizationId, language, preferredChannel };
}

type ContactFormProps =
  | {
      mode: 'create';
      organization: { id: string; name: string } | null;
      onSave: (body: CreateContactBody) => Promise<unknown>;
    }
  | { mode: 'edit'; contact: Contact; onSave: (body: UpdateContactBody) => Promise<unknown> };

/** A customer contact, as an agent registers a caller: name, addresses, phone, organisation. */
export function ContactForm(props: ContactFormProps) {
  const { t } = useTranslation();
  const { form, submit } = useContractForm({
    initialValues:
      props.mode === 'edit' ? contactFormValues(props.contact) : contactFormValues(undefined, props.organization?.id),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createContactBodySchema, toCreateContactBody, props.onSave)
        : formContract(
            updateContactBodySchema,
            (values: ContactFormValues) => toUpdateContactBody(values, props.contact.version),
            props.onSave,
          ),
  });

  const selectedOrganizationName =
    props.mode === 'edit' ? props.contact.organizationName : (props.organization?.name ?? null);
  const organizationInput = form.getInputProps('organizationId');

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('contacts.create') : t('common.save')}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
        <TextInput label={t('fields.phone')} type="tel" {...form.getInputProps('phone')} />
      </SimpleGrid>
      <TagsInput
        label={t('fields.emails')}
        description={t('contacts.emailsHint')}
        required
        clearable
        splitChars={[',', ' ', ';']}
        {...form.getInputProps('emails')}
      />
      <OrganizationSelect
        label={t('fields.organization')}
        value={form.values.organizationId}
        selectedName={selectedOrganizationName}
        onChange={(organizationId) => form.setFieldValue('organizationId', organizationId)}
        error={organizationInput.error}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('fields.language')}
          data={[{ value: inherited, label: t('contacts.inheritedLanguage') }, ...languageOptions(t)]}
          allowDeselect={false}
          {...form.getInputProps('language')}
        />
        <Select
          label={t('fields.preferredChannel')}
          data={[{ value: inherited, label: t('contacts.inheritedChannel') }, ...channelOptions(t)]}
          allowDeselect={false}
          {...form.getInputProps('preferredChannel')}
        />
      </SimpleGrid>
      {props.mode === 'create' && (
        <Checkbox
          label={t('contacts.sendInvitation')}
          description={t('contacts.sendInvitationHint')}
          {...form.getInputProps('sendInvitation', { type: 'checkbox' })}
        />
      )}
    </RecordFormLayout>
  );
}
