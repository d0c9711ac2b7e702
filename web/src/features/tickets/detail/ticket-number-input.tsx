import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../../../contracts/tickets.contract';
import { findTicketByNumber } from '../links.queries';

/**
 * A field for another ticket's number, checked with the server when it loses focus: the ticket
 * found (one the agent may see) is passed up, or the field says it was not found.
 */
export function TicketNumberInput({ label, onFound }: { label: string; onFound: (ticket: Ticket | null) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<Ticket | null>(null);

  const check = async () => {
    if (!value.trim()) return;
    const ticket = await findTicketByNumber(value).catch(() => null);
    setFound(ticket);
    setError(ticket ? null : t('tickets.links.notFound'));
    onFound(ticket);
  };

  return (
    <TextInput
      label={label}
      placeholder="2026-000123"
      value={value}
      onChange={(event) => {
        setValue(event.currentTarget.value);
        setFound(null);
        onFound(null);
      }}
      onBlur={() => void check()}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          void check();
        }
      }}
      error={error}
      description={found ? `${found.number} · ${found.subject}` : undefined}
    />
  );
}
