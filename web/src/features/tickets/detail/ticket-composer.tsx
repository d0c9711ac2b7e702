import { Button, Group, Paper, Stack, Switch, Tabs, Text } from '@mantine/core';
import { IconLock, IconMessageReply, IconPhone } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createMessageBodySchema,
  type CreateMessageBody,
  type TicketAbilities,
} from '../../../../../contracts/tickets.contract';
import { AttachmentPicker } from '../../attachments/attachment-picker';
import { useAttachmentUploads } from '../../attachments/use-attachment-uploads';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { RichTextField } from '../../../shared/rich-text-field';
import { useAddMessage } from '../tickets.queries';

type ComposerMode = 'reply' | 'internal' | 'phone';

/**
 * Public reply, internal note or logged phone call, in tabs offered by the caller's abilities, as
 * rich text with attached files. Ctrl+Enter (⌘+Enter on a Mac) sends. The note tab is yellow,
 * like the notes in the timeline.
 */
export interface TicketComposerProps {
  ticketId: string;
  abilities: TicketAbilities;
  /** Called on keystrokes, to tell colleagues someone is writing (throttled by the caller). */
  onTyping?: () => void;
}

export function TicketComposer({ ticketId, abilities, onTyping }: TicketComposerProps) {
  const { t } = useTranslation();
  const modes: ComposerMode[] = [
    ...(abilities.reply ? (['reply'] as const) : []),
    ...(abilities.addInternalNote ? (['internal'] as const) : []),
    ...(abilities.reply ? (['phone'] as const) : []),
  ];
  const [chosenMode, setMode] = useState<ComposerMode>(modes[0] ?? 'reply');
  // The abilities change with the ticket (closed: notes only), and the tab follows them.
  const mode = modes.includes(chosenMode) ? chosenMode : (modes[0] ?? 'reply');
  const [body, setBody] = useState('');
  const [phoneVisibleToCustomer, setPhoneVisibleToCustomer] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const addMessage = useAddMessage(ticketId);
  const files = useAttachmentUploads();
  if (modes.length === 0) return null;

  const send = () => {
    if (files.busy) {
      setError(t('attachments.waitForUploads'));
      return;
    }
    const message: CreateMessageBody = {
      body,
      visibility: mode === 'internal' || (mode === 'phone' && !phoneVisibleToCustomer) ? 'internal' : 'public',
      kind: mode === 'phone' ? 'phone' : 'reply',
      attachmentIds: files.attachmentIds.length ? files.attachmentIds : undefined,
    };
    const parsed = createMessageBodySchema.safeParse(message);
    if (!parsed.success) {
      setError(t('tickets.composer.empty'));
      return;
    }
    addMessage.mutate(parsed.data, {
      onSuccess: () => {
        setBody('');
        files.clear();
        notifySuccess(t(`tickets.composer.sent.${mode}`));
      },
    });
  };

  const internal = mode === 'internal';
  const editor = (
    <>
      <Stack gap="xs">
        <RichTextField
          label={t(`tickets.composer.label.${mode}`)}
          description={t(`tickets.composer.hint.${mode}`)}
          value={body}
          onChange={(html) => {
            setBody(html);
            setError(null);
            onTyping?.();
          }}
          onSubmitShortcut={send}
          error={error}
          tone={internal ? 'note' : 'default'}
        />
        <AttachmentPicker uploads={files} />
      </Stack>
      <ApiErrorAlert error={addMessage.error} />
      <Group justify="space-between" mt="sm">
        {mode === 'phone' ? (
          <Switch
            label={t('tickets.composer.phoneVisible')}
            checked={phoneVisibleToCustomer}
            onChange={(event) => setPhoneVisibleToCustomer(event.currentTarget.checked)}
          />
        ) : (
          <Text size="xs" c="dimmed">
            {t('tickets.composer.shortcut')}
          </Text>
        )}
        <Button
          onClick={send}
          loading={addMessage.isPending}
          disabled={files.busy}
          color={internal ? 'yellow' : undefined}
        >
          {t(`tickets.composer.send.${mode}`)}
        </Button>
      </Group>
    </>
  );

  return (
    <Paper withBorder p="sm" bg={internal ? 'yellow.0' : undefined}>
      <Tabs value={mode} onChange={(value) => setMode(modes.find((candidate) => candidate === value) ?? mode)}>
        <Tabs.List mb="sm">
          {modes.map((candidate) => (
            <Tabs.Tab
              key={candidate}
              value={candidate}
              leftSection={<ModeIcon mode={candidate} />}
              color={candidate === 'internal' ? 'yellow' : undefined}
            >
              {t(`tickets.composer.${candidate}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {/* One editor: the text typed stays when the agent switches tab (reply ↔ note). */}
        {modes.map((candidate) => (
          <Tabs.Panel key={candidate} value={candidate}>
            {candidate === mode && editor}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Paper>
  );
}

function ModeIcon({ mode }: { mode: ComposerMode }) {
  if (mode === 'internal') return <IconLock size={16} />;
  if (mode === 'phone') return <IconPhone size={16} />;
  return <IconMessageReply size={16} />;
}
