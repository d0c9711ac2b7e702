import { Checkbox, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../../contracts/common.contract';
import {
  createUserBodySchema,
  updateUserBodySchema,
  type CreateUserBody,
  type StaffRole,
  type UpdateUserBody,
  type User,
} from '../../../../../contracts/identity.contract';
import { languageOptions, staffRoleOptions } from '../../../shared/option-lists';
import { RecordFormLayout, RecordMultiSelect, formContract, useContractForm } from '../../../shared/record-form';
import { useEveryGroup } from '../groups/groups.queries';

export type UserFormValues = {
  name: string;
  email: string;
  role: StaffRole;
  language: Language;
  groupIds: string[];
  sendInvitation: boolean;
  away: boolean;
};

const fieldNames = ['name', 'email', 'role', 'language', 'groupIds', 'sendInvitation', 'away'] as const;

export function userFormValues(user?: User): UserFormValues {
  return {
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: user?.role ?? 'agent',
    language: user?.language ?? 'it',
    groupIds: user?.groupIds ?? [],
    sendInvitation: true,
    away: user?.away ?? false,
  };
}

export function toCreateUserBody(values: UserFormValues): CreateUserBody {
  const { name, email, role, language, groupIds, sendInvitation } = values;
  return { name, email, role, language, groupIds, sendInvitation };
}

export function toUpdateUserBody(values: UserFormValues, version: number): UpdateUserBody {
  const { name, email, role, language, groupIds, away } = values;
  return { version, name, email, role, language, groupIds, away };
}

type UserFormProps =
  | { mode: 'create'; onSave: (body: CreateUserBody) => Promise<unknown> }
  | { mode: 'edit'; user: User; onSave: (body: UpdateUserBody) => Promise<unknown> };

/** Staff account fields; validated with the contract's create or update schema. */
export function UserForm(props: UserFormProps) {
  const { t } = useTranslation();
  const groups = useEveryGroup({});
  const { form, submit } = useContractForm({
    initialValues: userFormValues(props.mode === 'edit' ? props.user : undefined),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createUserBodySchema, toCreateUserBody, props.onSave)
        : formContract(
            updateUserBodySchema,
            (values: UserFormValues) => toUpdateUserBody(values, props.user.version),
            props.onSave,
          ),
  });

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('users.create') : t('common.save')}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
        <TextInput label={t('fields.email')} type="email" required {...form.getInputProps('email')} />
        <Select
          label={t('fields.role')}
          data={staffRoleOptions(t)}
          allowDeselect={false}
          required
          {...form.getInputProps('role')}
        />
        <Select
          label={t('fields.language')}
          data={languageOptions(t)}
          allowDeselect={false}
          required
          {...form.getInputProps('language')}
        />
      </SimpleGrid>
      <RecordMultiSelect
        label={t('fields.groups')}
        records={groups.data}
        loading={groups.isPending}
        {...form.getInputProps('groupIds')}
      />
      {props.mode === 'create' ? (
        <Checkbox
          label={t('users.sendInvitation')}
          description={t('users.sendInvitationHint')}
          {...form.getInputProps('sendInvitation', { type: 'checkbox' })}
        />
      ) : (
        <Switch
          label={t('users.away')}
          description={t('users.awayHint')}
          {...form.getInputProps('away', { type: 'checkbox' })}
        />
      )}
    </RecordFormLayout>
  );
}
