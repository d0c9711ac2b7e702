import { Checkbox, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel, Language } from '../../../../../contracts/common.contract';
import {
  createOrganizationBodySchema,
  updateOrganizationBodySchema,
  type CreateOrganizationBody,
  type Organization,
  type UpdateOrganizationBody,
} from '../../../../../contracts/identity.contract';
import { blankToNull, channelOptions, languageOptions } from '../../../shared/option-lists';
import { RecordFormLayout, formContract, useContractForm } from '../../../shared/record-form';

type OrganizationFormValues = {
  name: string;
  domains: string[];
  segment: string;
  region: string;
  language: Language;
  preferredChannel: Channel;
  sharesTickets: boolean;
};

const fieldNames = ['name', 'domains', 'segment', 'region', 'language', 'preferredChannel', 'sharesTickets'] as const;

function organizationFormValues(organization?: Organization): OrganizationFormValues {
  return {
    name: organization?.name ?? '',
    domains: organization?.domains ?? [],
    segment: organization?.segment ?? '',
    region: organization?.region ?? '',
    language: organization?.language ?? 'it',
    preferredChannel: organization?.preferredChannel ?? 'email',
    sharesTickets: organization?.sharesTickets ?? false,
  };
}

function toCreateOrganizationBody(values: OrganizationFormValues): CreateOrganizationBody {
  return {
    name: values.name,
    domains: values.domains,
    segment: blankToNull(values.segment),
    region: blankToNull(values.region),
    language: values.language,
    preferredChannel: values.preferredChannel,
    sharesTickets: values.sharesTickets,
  };
}

function toUpdateOrganizationBody(values: OrganizationFormValues, version: number): UpdateOrganizationBody {
  return { version, ...toCreateOrganizationBody(values) };
}

type OrganizationFormProps =
  | { mode: 'create'; onSave: (body: CreateOrganizationBody) => Promise<unknown> }
  | { mode: 'edit'; organization: Organization; onSave: (body: UpdateOrganizationBody) => Promise<unknown> };

/** A customer organisation: email domains that identify its people, segment, region, defaults. */
export function OrganizationForm(props: OrganizationFormProps) {
  const { t } = useTranslation();
  const { form, submit } = useContractForm({
    initialValues: organizationFormValues(props.mode === 'edit' ? props.organization : undefined),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createOrganizationBodySchema, toCreateOrganizationBody, props.onSave)
        : formContract(
            updateOrganizationBodySchema,
            (values: OrganizationFormValues) => toUpdateOrganizationBody(values, props.organization.version),
            props.onSave,
          ),
  });

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('organizations.create') : t('common.save')}
    >
      <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
      <TagsInput
        label={t('fields.domains')}
        description={t('organizations.domainsHint')}
        clearable
        {...form.getInputProps('domains')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('fields.segment')} {...form.getInputProps('segment')} />
        <TextInput label={t('fields.region')} {...form.getInputProps('region')} />
        <Select
          label={t('fields.language')}
          data={languageOptions(t)}
          allowDeselect={false}
          required
          {...form.getInputProps('language')}
        />
        <Select
          label={t('fields.preferredChannel')}
          data={channelOptions(t)}
          allowDeselect={false}
          required
          {...form.getInputProps('preferredChannel')}
        />
      </SimpleGrid>
      <Checkbox
        label={t('fields.sharesTickets')}
        description={t('organizations.sharesTicketsHint')}
        {...form.getInputProps('sharesTickets', { type: 'checkbox' })}
      />
    </RecordFormLayout>
  );
}
