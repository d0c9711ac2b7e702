import { Button, Group, MultiSelect, Stack, type MultiSelectProps } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { submitWithFieldErrors } from './form-submit';
import { contractValidator } from './form-validation';

/** How a form turns its values into one request body of the contracts, and saves it. */
export interface FormContract<Values> {
  schema: z.ZodType;
  toBody: (values: Values) => unknown;
  save: (values: Values) => Promise<unknown>;
}

/**
 * Binds a form to a contract's request schema: `toBody` maps the values, the schema validates
 * (in the browser, as the server will) and parses them, `onSave` sends the parsed body. A form with
 * create and edit modes builds one of these per mode (the edit one puts the version in the body).
 */
export function formContract<Values, Schema extends z.ZodType>(
  schema: Schema,
  toBody: (values: Values) => z.input<Schema>,
  onSave: (body: z.output<Schema>) => Promise<unknown>,
): FormContract<Values> {
  return { schema, toBody, save: (values) => onSave(schema.parse(toBody(values))) };
}

/**
 * A @mantine/form form validated and saved through a `FormContract`. Use it for the forms of
 * records (directory, tickets); the server's field errors land on `fieldNames`, other failures are
 * left to the mutation's error state for the page's banner.
 */
export function useContractForm<Values extends Record<string, unknown>>(options: {
  initialValues: Values;
  fieldNames: readonly string[];
  contract: FormContract<Values>;
}) {
  const { t } = useTranslation();
  const { contract, fieldNames } = options;
  const form = useForm<Values>({
    initialValues: options.initialValues,
    validate: contractValidator(contract.schema, contract.toBody, t),
  });
  const submit = form.onSubmit((values) => submitWithFieldErrors(() => contract.save(values), form, fieldNames, t));
  return { form, submit };
}

interface RecordFormLayoutProps {
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  submitting: boolean;
  /** "Create …" on a create page, "Save" on a record's page. */
  submitLabel: string;
  children: ReactNode;
}

/** A record's form: its fields in one column of readable width, the submit button last. */
export function RecordFormLayout({ onSubmit, submitting, submitLabel, children }: RecordFormLayoutProps) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" maw={720}>
        {children}
        <Group>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface RecordMultiSelectProps extends Omit<MultiSelectProps, 'data'> {
  /** Every record that may be chosen (`useEvery…`), or undefined while it loads. */
  records: { id: string; name: string; active: boolean }[] | undefined;
  loading: boolean;
}

/**
 * Picks several records of a directory list (a user's groups, a group's members), searchable.
 * Deactivated records stay listed, marked as such, so a choice made earlier remains visible.
 */
export function RecordMultiSelect({ records, loading, ...props }: RecordMultiSelectProps) {
  const { t } = useTranslation();
  const options = (records ?? []).map((record) => ({
    value: record.id,
    label: record.active ? record.name : t('common.nameInactive', { name: record.name }),
  }));
  return (
    <MultiSelect
      placeholder={loading ? t('common.loading') : undefined}
      data={options}
      searchable
      clearable
      nothingFoundMessage={t('common.nothingFound')}
      {...props}
    />
  );
}
