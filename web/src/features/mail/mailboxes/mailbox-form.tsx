import {
  Checkbox,
  Fieldset,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  createMailboxBodySchema,
  defaultImapPort,
  updateMailboxBodySchema,
  type CreateMailboxBody,
  type ImapAfterProcessing,
  type ImapTls,
  type Mailbox,
  type UpdateMailboxBody,
} from '../../../../../contracts/mailboxes.contract';
import { isApiError } from '../../../api/api-error';
import { issueMessage } from '../../../shared/form-validation';
import { PasswordField } from '../../../shared/password-field';
import { RecordFormLayout } from '../../../shared/record-form';
import { useEveryService } from '../../catalog/catalog.queries';
import { useEveryGroup } from '../../identity/groups/groups.queries';

type MailboxFormValues = {
  name: string;
  address: string;
  addresses: string[];
  groupId: string | null;
  serviceId: string | null;
  isDefault: boolean;
  catchAll: boolean;
  useImap: boolean;
  imapHost: string;
  imapPort: number | string;
  imapTls: ImapTls;
  imapUsername: string;
  imapPassword: string;
  imapFolder: string;
  imapAfterProcessing: ImapAfterProcessing;
  imapMoveFolder: string;
};

function formValues(mailbox?: Mailbox): MailboxFormValues {
  const imap = mailbox?.imap;
  return {
    name: mailbox?.name ?? '',
    address: mailbox?.address ?? '',
    addresses: mailbox ? mailbox.addresses.filter((address) => address !== mailbox.address) : [],
    groupId: mailbox?.groupId ?? null,
    serviceId: mailbox?.serviceId ?? null,
    isDefault: mailbox?.isDefault ?? false,
    catchAll: mailbox?.catchAll ?? false,
    useImap: Boolean(imap),
    imapHost: imap?.host ?? '',
    imapPort: imap?.port ?? defaultImapPort('tls'),
    imapTls: imap?.tls ?? 'tls',
    imapUsername: imap?.username ?? '',
    imapPassword: '',
    imapFolder: imap?.folder ?? 'INBOX',
    imapAfterProcessing: imap?.afterProcessing ?? 'seen',
    imapMoveFolder: imap?.moveFolder ?? '',
  };
}

function imapBody(values: MailboxFormValues) {
  if (!values.useImap) return null;
  return {
    host: values.imapHost.trim(),
    port: typeof values.imapPort === 'number' ? values.imapPort : Number.NaN,
    tls: values.imapTls,
    username: values.imapUsername.trim(),
    // Blank: keep the stored password (the server asks for it when it is needed).
    ...(values.imapPassword ? { password: values.imapPassword } : {}),
    folder: values.imapFolder.trim(),
    afterProcessing: values.imapAfterProcessing,
    moveFolder: values.imapAfterProcessing === 'move' ? values.imapMoveFolder.trim() || null : null,
  };
}

const createBody = (values: MailboxFormValues): CreateMailboxBody => ({
  name: values.name,
  address: values.address,
  addresses: values.addresses.filter((address) => address.trim().toLowerCase() !== values.address.trim().toLowerCase()),
  groupId: values.groupId ?? '',
  serviceId: values.serviceId,
  isDefault: values.isDefault,
  catchAll: values.catchAll,
  imap: imapBody(values),
});

const updateBody = (values: MailboxFormValues, mailbox: Mailbox): UpdateMailboxBody => {
  const { isDefault, ...body } = createBody(values);
  return { version: mailbox.version, ...body, ...(isDefault && !mailbox.isDefault ? { isDefault: true } : {}) };
};

/** A field of the request (`imap.host`, `addresses.2`) → the form field that edits it (`imapHost`). */
function formField(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === 'imap' && second) return `imap${second[0]!.toUpperCase()}${second.slice(1)}`;
  return first ?? 'form';
}

type MailboxFormProps =
  | { mode: 'create'; onSave: (body: CreateMailboxBody) => Promise<unknown> }
  | { mode: 'edit'; mailbox: Mailbox; onSave: (body: UpdateMailboxBody) => Promise<unknown> };

/**
 * A mailbox: name, the address replies are sent from and the others it receives for, the group
 * (and service) its mail goes to, and optionally the IMAP server it is read from. The password is
 * write-only: on an existing mailbox the field stays blank and a blank field keeps the stored one.
 */
export function MailboxForm(props: MailboxFormProps) {
  const { t } = useTranslation();
  const groups = useEveryGroup({});
  const services = useEveryService({});
  const mailbox = props.mode === 'edit' ? props.mailbox : undefined;
  const schema: z.ZodType = props.mode === 'create' ? createMailboxBodySchema : updateMailboxBodySchema;
  const toBody = (values: MailboxFormValues) => (mailbox ? updateBody(values, mailbox) : createBody(values));

  const form = useForm<MailboxFormValues>({
    initialValues: formValues(mailbox),
    validate: (values) => {
      const result = schema.safeParse(toBody(values), { reportInput: true });
      const errors: FormErrors = {};
      if (result.success) return errors;
      for (const issue of result.error.issues) {
        const field = formField(issue.path);
        errors[field] ??= issueMessage(issue as Parameters<typeof issueMessage>[0], field, t);
      }
      return errors;
    },
  });

  const submit = form.onSubmit(async (values) => {
    try {
      const body = schema.parse(toBody(values));
      if (props.mode === 'create') await props.onSave(body as CreateMailboxBody);
      else await props.onSave(body as UpdateMailboxBody);
      form.setFieldValue('imapPassword', '');
    } catch (error) {
      if (!isApiError(error)) return;
      for (const field of error.fields) {
        const segments = field.path.split('.');
        if (segments[0] === 'body') segments.shift();
        form.setFieldError(formField(segments), t('validation.rejected', { message: field.message }));
      }
    }
  });

  const options = (records: { id: string; name: string; active: boolean }[] | undefined) =>
    (records ?? []).map((record) => ({
      value: record.id,
      label: record.active ? record.name : t('common.nameInactive', { name: record.name }),
    }));
  const setTls = (value: string) => {
    const tls = value as ImapTls;
    form.setFieldValue('imapTls', tls);
    form.setFieldValue('imapPort', defaultImapPort(tls));
  };

  return (
    <RecordFormLayout
      onSubmit={submit}
      submitting={form.submitting}
      submitLabel={props.mode === 'create' ? t('mailboxes.create') : t('common.save')}
    >
      <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
      <TextInput
        label={t('mailboxes.address')}
        description={t('mailboxes.addressHint')}
        type="email"
        required
        {...form.getInputProps('address')}
      />
      <TagsInput
        label={t('mailboxes.otherAddresses')}
        description={t('mailboxes.otherAddressesHint')}
        {...form.getInputProps('addresses')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('mailboxes.group')}
          description={t('mailboxes.groupHint')}
          data={options(groups.data)}
          searchable
          required
          {...form.getInputProps('groupId')}
        />
        <Select
          label={t('mailboxes.service')}
          description={t('mailboxes.serviceHint')}
          placeholder={t('mailboxes.noService')}
          data={options(services.data)}
          searchable
          clearable
          {...form.getInputProps('serviceId')}
        />
      </SimpleGrid>
      <Checkbox
        label={t('mailboxes.isDefault')}
        description={t('mailboxes.isDefaultHint')}
        disabled={mailbox?.isDefault}
        {...form.getInputProps('isDefault', { type: 'checkbox' })}
      />
      <Checkbox
        label={t('mailboxes.catchAll')}
        description={t('mailboxes.catchAllHint')}
        {...form.getInputProps('catchAll', { type: 'checkbox' })}
      />
      <Switch
        label={t('mailboxes.useImap')}
        description={t('mailboxes.useImapHint')}
        {...form.getInputProps('useImap', { type: 'checkbox' })}
      />
      {form.values.useImap && (
        <Fieldset legend={t('mailboxes.imapLegend')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('mailboxes.imapHost')} required {...form.getInputProps('imapHost')} />
              <NumberInput
                label={t('mailboxes.imapPort')}
                min={1}
                max={65535}
                allowDecimal={false}
                required
                {...form.getInputProps('imapPort')}
              />
            </SimpleGrid>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="mailbox-imap-tls">
                {t('mailboxes.imapTls')}
              </Text>
              <SegmentedControl
                aria-labelledby="mailbox-imap-tls"
                value={form.values.imapTls}
                onChange={setTls}
                data={[
                  { value: 'tls', label: t('mailboxes.tls.tls') },
                  { value: 'starttls', label: t('mailboxes.tls.starttls') },
                  { value: 'none', label: t('mailboxes.tls.none') },
                ]}
              />
            </Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('mailboxes.imapUsername')} required {...form.getInputProps('imapUsername')} />
              <PasswordField
                label={t('mailboxes.imapPassword')}
                description={mailbox?.imap ? t('mailboxes.imapPasswordKept') : t('mailboxes.imapPasswordHint')}
                autoComplete="new-password"
                {...form.getInputProps('imapPassword')}
              />
            </SimpleGrid>
            <TextInput label={t('mailboxes.imapFolder')} required {...form.getInputProps('imapFolder')} />
            <Select
              label={t('mailboxes.afterProcessing')}
              data={[
                { value: 'seen', label: t('mailboxes.after.seen') },
                { value: 'move', label: t('mailboxes.after.move') },
              ]}
              allowDeselect={false}
              {...form.getInputProps('imapAfterProcessing')}
            />
            {form.values.imapAfterProcessing === 'move' && (
              <TextInput label={t('mailboxes.moveFolder')} required {...form.getInputProps('imapMoveFolder')} />
            )}
          </Stack>
        </Fieldset>
      )}
    </RecordFormLayout>
  );
}
