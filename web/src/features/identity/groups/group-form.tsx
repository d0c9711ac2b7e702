import { Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  assignmentModeSchema,
  createGroupBodySchema,
  updateGroupBodySchema,
  type AssignmentMode,
  type CreateGroupBody,
  type Group,
  type UpdateGroupBody,
} from '../../../../../contracts/identity.contract';
import { blankToNull, supportLevelOptions } from '../../../shared/option-lists';
import { RecordFormLayout, RecordMultiSelect, formContract, useContractForm } from '../../../shared/record-form';
import { useEveryUser } from '../users/users.queries';

type GroupFormValues = {
  name: string;
  supportLevel: '1' | '2';
  assignmentMode: AssignmentMode;
  skills: string[];
  email: string;
  memberIds: string[];
};

const fieldNames = ['name', 'supportLevel', 'assignmentMode', 'skills', 'email', 'memberIds'] as const;

function groupFormValues(group?: Group): GroupFormValues {
  return {
    name: group?.name ?? '',
    supportLevel: group?.supportLevel === 2 ? '2' : '1',
    assignmentMode: group?.assignmentMode ?? 'manual',
    skills: group?.skills ?? [],
    email: group?.email ?? '',
    memberIds: group?.memberIds ?? [],
  };
}

function toCreateGroupBody(values: GroupFormValues): CreateGroupBody {
  return {
    name: values.name,
    supportLevel: values.supportLevel === '2' ? 2 : 1,
    assignmentMode: values.assignmentMode,
    skills: values.skills,
    email: blankToNull(values.email),
    memberIds: values.memberIds,
  };
}

function toUpdateGroupBody(values: GroupFormValues, version: number): UpdateGroupBody {
  return { version, ...toCreateGroupBody(values) };
}

type GroupFormProps =
  | { mode: 'create'; onSave: (body: CreateGroupBody) => Promise<unknown> }
  | { mode: 'edit'; group: Group; onSave: (body: UpdateGroupBody) => Promise<unknown> };

/** A support group: level 1 (service desk) or 2 (specialists), skills, notification address, members. */
export function GroupForm(props: GroupFormProps) {
  const { t } = useTranslation();
  const users = useEveryUser({});
  const { form, submit } = useContractForm({
    initialValues: groupFormValues(props.mode === 'edit' ? props.group : undefined),
    fieldNames,
    contract:
      props.mode === 'create'
        ? formContract(createGroupBodySchema, toCreateGroupBody, props.onSave)
        : formContract(
            updateGroupBodySchema,
            (values: GroupFormValues) => toUpdateGroupBody(values, props.group.version),
            props.onSave,
          ),
  });

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('groups.create') : t('common.save')}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
        <Select
          label={t('fields.supportLevel')}
          data={supportLevelOptions(t)}
          allowDeselect={false}
          required
          {...form.getInputProps('supportLevel')}
        />
      </SimpleGrid>
      <Select
        label={t('groups.assignmentMode')}
        description={t('groups.assignmentModeHint')}
        data={assignmentModeSchema.options.map((value) => ({ value, label: t(`groups.assignmentModes.${value}`) }))}
        allowDeselect={false}
        {...form.getInputProps('assignmentMode')}
      />
      <TagsInput
        label={t('fields.skills')}
        description={t('groups.skillsHint')}
        clearable
        {...form.getInputProps('skills')}
      />
      <TextInput
        label={t('fields.groupEmail')}
        description={t('groups.emailHint')}
        type="email"
        {...form.getInputProps('email')}
      />
      <RecordMultiSelect
        label={t('fields.members')}
        records={users.data}
        loading={users.isPending}
        {...form.getInputProps('memberIds')}
      />
    </RecordFormLayout>
  );
}
