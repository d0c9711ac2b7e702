import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkAction } from '../../../../../contracts/ticket-bulk.contract';
import type { LevelOfImpact, Ticket } from '../../../../../contracts/tickets.contract';
import { useEveryUser } from '../../identity/users/users.queries';
import { ActionModal } from '../detail/note-action-modals';
import { TicketNumberInput } from '../detail/ticket-number-input';

/** The bulk actions that ask for something before they run. */
export type BulkActionWithInput = 'assign' | 'priority' | 'add_tag' | 'merge';

const levels: LevelOfImpact[] = ['high', 'medium', 'low'];

interface BulkActionModalProps {
  kind: BulkActionWithInput;
  selected: Ticket[];
  submitting: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (action: BulkAction) => void;
}

/**
 * Asks what a bulk action needs (the assignee, impact and urgency, the tag, the surviving ticket)
 * and hands the action up; the selection bar sends it and shows the results per ticket.
 */
export function BulkActionModal({ kind, selected, submitting, error, onClose, onSubmit }: BulkActionModalProps) {
  const { t } = useTranslation();
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [impact, setImpact] = useState<LevelOfImpact | null>(null);
  const [urgency, setUrgency] = useState<LevelOfImpact | null>(null);
  const [tag, setTag] = useState('');
  const [targetId, setTargetId] = useState<string | null>(selected[0]?.id ?? null);
  const [byNumber, setByNumber] = useState<Ticket | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const users = useEveryUser({ active: 'true' }, { enabled: kind === 'assign' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setInvalid(null);
    switch (kind) {
      case 'assign':
        return onSubmit({ type: 'assign', assigneeId });
      case 'priority':
        if (!impact && !urgency) return setInvalid(t('tickets.bulk.priorityRequired'));
        return onSubmit({ type: 'priority', impact: impact ?? undefined, urgency: urgency ?? undefined });
      case 'add_tag':
        if (!tag.trim()) return setInvalid(t('tickets.bulk.tagRequired'));
        return onSubmit({ type: 'add_tag', tag: tag.trim() });
      case 'merge': {
        const target = byNumber?.id ?? targetId;
        if (!target) return setInvalid(t('tickets.bulk.targetRequired'));
        return onSubmit({ type: 'merge', targetTicketId: target });
      }
    }
  };

  const levelOptions = (prefix: 'impactLevels' | 'urgencyLevels') =>
    levels.map((value) => ({ value, label: t(`tickets.${prefix}.${value}`) }));

  return (
    <ActionModal
      opened
      onClose={onClose}
      title={t(`tickets.bulk.titles.${kind}`, { count: selected.length })}
      description={kind === 'merge' ? t('tickets.bulk.mergeDescription') : undefined}
      submitLabel={t('tickets.bulk.apply')}
      submitting={submitting}
      error={error}
      onSubmit={submit}
    >
      {kind === 'assign' && (
        <Select
          label={t('tickets.fields.assignee')}
          description={t('tickets.bulk.assignHint')}
          placeholder={t('tickets.unassigned')}
          data={(users.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
          value={assigneeId}
          onChange={setAssigneeId}
          searchable
          clearable
          data-autofocus
        />
      )}
      {kind === 'priority' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('tickets.fields.impact')}
            placeholder={t('tickets.bulk.unchanged')}
            data={levelOptions('impactLevels')}
            value={impact}
            onChange={(value) => setImpact(value as LevelOfImpact | null)}
            clearable
            error={invalid}
          />
          <Select
            label={t('tickets.fields.urgency')}
            placeholder={t('tickets.bulk.unchanged')}
            data={levelOptions('urgencyLevels')}
            value={urgency}
            onChange={(value) => setUrgency(value as LevelOfImpact | null)}
            clearable
          />
        </SimpleGrid>
      )}
      {kind === 'add_tag' && (
        <TextInput
          label={t('tickets.bulk.tag')}
          value={tag}
          onChange={(event) => setTag(event.currentTarget.value)}
          maxLength={50}
          error={invalid}
          data-autofocus
        />
      )}
      {kind === 'merge' && (
        <>
          <Select
            label={t('tickets.bulk.survivor')}
            data={selected.map((ticket) => ({ value: ticket.id, label: `${ticket.number} · ${ticket.subject}` }))}
            value={targetId}
            onChange={setTargetId}
            disabled={Boolean(byNumber)}
            error={byNumber ? undefined : invalid}
          />
          <TicketNumberInput label={t('tickets.bulk.survivorByNumber')} onFound={setByNumber} />
        </>
      )}
    </ActionModal>
  );
}
