import { Autocomplete, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../contracts/identity.contract';
import { useContacts } from '../../identity/contacts/contacts.queries';

interface RequesterEmailFieldProps {
  value: string;
  onChange: (email: string) => void;
  /** A known contact was picked: the form fills in the name. */
  onContactPicked: (contact: Contact) => void;
  error?: ReactNode;
}

/**
 * The caller's email, with the directory's contacts suggested as the agent types (by name, email or
 * phone). An unknown address is fine: the server creates the contact with the ticket.
 */
export function RequesterEmailField({ value, onChange, onContactPicked, error }: RequesterEmailFieldProps) {
  const { t } = useTranslation();
  const [search] = useDebouncedValue(value.trim(), 250);
  const contacts = useContacts({ q: search || undefined, active: 'true', limit: 8 });
  const contactsByEmail = new Map<string, Contact>();
  if (search.length >= 2) {
    for (const contact of contacts.data?.items ?? []) {
      for (const email of contact.emails) contactsByEmail.set(email, contact);
    }
  }

  return (
    <Autocomplete
      label={t('tickets.fields.requesterEmail')}
      description={t('tickets.requesterHint')}
      type="email"
      required
      // The asterisk comes from app.css (the input is required), as on every other field.
      withAsterisk={false}
      value={value}
      onChange={onChange}
      data={[...contactsByEmail.keys()]}
      // The server has searched already (names and phones too), so every suggestion stays.
      filter={({ options }) => options}
      onOptionSubmit={(email) => {
        const contact = contactsByEmail.get(email);
        if (contact) onContactPicked(contact);
      }}
      renderOption={({ option }) => {
        const contact = contactsByEmail.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.value}</Text>
            {contact && (
              <Text size="xs" c="dimmed">
                {[contact.name, contact.organizationName].filter(Boolean).join(' · ')}
              </Text>
            )}
          </Stack>
        );
      }}
      error={error}
      autoComplete="off"
    />
  );
}
