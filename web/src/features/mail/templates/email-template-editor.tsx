import {
  Alert,
  Box,
  Button,
  Code,
  Drawer,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconRestore } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailTemplate, PreviewEmailTemplateBody } from '../../../../../contracts/mail.contract';
import { isApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { notifySuccess } from '../../../shared/notify';
import { useEmailTemplatePreview, useResetEmailTemplate, useSaveEmailTemplate } from './email-templates.queries';

interface EmailTemplateEditorProps {
  template: EmailTemplate;
  onClose: () => void;
  onSaved: (template: EmailTemplate) => void;
}

interface TemplateProblem {
  field?: 'subject' | 'bodyHtml' | 'bodyText';
  line?: number | null;
  column?: number | null;
}

/** Liquid names, not words: the same in every language. */
const templateVariables = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.url',
  'ticket.reply_reopens',
  'ticket.auto_close_days',
  'contact.name',
  'agent.name',
  'message.body_html',
  'message.body_text',
  'desk.name',
];

const monospace = { input: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13 } };

/**
 * Edits one template with a live preview: the server renders the draft with sample ticket data a
 * moment after each change, and says where a Liquid error is. The HTML preview is a sandboxed
 * frame (no scripts, no same-origin access).
 */
export function EmailTemplateEditor({ template, onClose, onSaved }: EmailTemplateEditorProps) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState(template.subject);
  const [bodyHtml, setBodyHtml] = useState(template.bodyHtml);
  const [bodyText, setBodyText] = useState(template.bodyText ?? '');
  const save = useSaveEmailTemplate(template.key, template.language);
  const reset = useResetEmailTemplate(template.key, template.language);

  const draft = useMemo<PreviewEmailTemplateBody | null>(
    () =>
      subject.trim() && bodyHtml.trim()
        ? {
            key: template.key,
            language: template.language,
            subject,
            bodyHtml,
            bodyText: bodyText.trim() ? bodyText : null,
          }
        : null,
    [template.key, template.language, subject, bodyHtml, bodyText],
  );
  const [debouncedDraft] = useDebouncedValue(draft, 400);
  const preview = useEmailTemplatePreview(debouncedDraft);
  const problem = isApiError(preview.error) ? (preview.error.details as TemplateProblem | undefined) : undefined;

  const name = t(`emailTemplates.keys.${template.key}`);
  const language = t(`emailTemplates.languages.${template.language}`);

  return (
    <Drawer opened onClose={onClose} position="right" size="100%" title={`${name} — ${language}`}>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('emailTemplates.help')} <Code>{templateVariables.join(' ')}</Code> {t('emailTemplates.helpEscaping')}
          </Text>
          <TextInput
            label={t('emailTemplates.subject')}
            value={subject}
            onChange={(event) => setSubject(event.currentTarget.value)}
            required
          />
          <Textarea
            label={t('emailTemplates.bodyHtml')}
            value={bodyHtml}
            onChange={(event) => setBodyHtml(event.currentTarget.value)}
            autosize
            minRows={10}
            maxRows={24}
            styles={monospace}
            required
          />
          <Textarea
            label={t('emailTemplates.bodyText')}
            description={t('emailTemplates.bodyTextHelp')}
            value={bodyText}
            onChange={(event) => setBodyText(event.currentTarget.value)}
            autosize
            minRows={4}
            maxRows={16}
            styles={monospace}
          />
          <ApiErrorAlert error={save.error ?? reset.error} />
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconRestore size={16} />}
              disabled={!template.customized}
              loading={reset.isPending}
              onClick={() =>
                reset.mutate(undefined, {
                  onSuccess: () => {
                    notifySuccess(t('emailTemplates.resetDone'));
                    onClose();
                  },
                })
              }
            >
              {t('emailTemplates.reset')}
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button
                loading={save.isPending}
                disabled={draft === null}
                onClick={() =>
                  save.mutate(
                    { subject, bodyHtml, bodyText: bodyText.trim() ? bodyText : null, version: template.version },
                    {
                      onSuccess: (saved) => {
                        notifySuccess(t('common.saved'));
                        onSaved(saved);
                      },
                    },
                  )
                }
              >
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
        <Stack gap="sm" aria-label={t('emailTemplates.preview')} component="section">
          <Title order={4} fz="sm">
            {t('emailTemplates.preview')}
          </Title>
          {preview.error ? (
            <Alert color="red" title={t('emailTemplates.invalid')} role="alert" data-testid="template-error">
              {problem?.line
                ? t('emailTemplates.invalidAt', {
                    field: t(`emailTemplates.fields.${problem.field ?? 'bodyHtml'}`),
                    line: problem.line,
                    column: problem.column ?? 1,
                  })
                : null}{' '}
              {(preview.error as Error).message}
            </Alert>
          ) : null}
          {preview.data && (
            <>
              <Text size="sm" data-testid="preview-subject">
                <Text span c="dimmed">
                  {t('emailTemplates.subject')}:
                </Text>{' '}
                {preview.data.subject}
              </Text>
              <Box
                component="iframe"
                title={t('emailTemplates.previewHtml')}
                sandbox=""
                srcDoc={preview.data.html}
                style={{
                  width: '100%',
                  minHeight: 320,
                  border: '1px solid var(--mantine-color-gray-3)',
                  borderRadius: 4,
                }}
              />
              <Box
                component="pre"
                p="sm"
                bg="gray.0"
                fz="sm"
                style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', borderRadius: 4 }}
                data-testid="preview-text"
              >
                {preview.data.text}
              </Box>
            </>
          )}
        </Stack>
      </SimpleGrid>
    </Drawer>
  );
}
