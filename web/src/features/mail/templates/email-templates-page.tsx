import { Badge, Button, Paper, Table, Text } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailTemplate } from '../../../../../contracts/mail.contract';
import { useDateFormat } from '../../../i18n/format';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { PageHeader } from '../../../shared/page-header';
import { EmailTemplateEditor } from './email-template-editor';
import { useEmailTemplates } from './email-templates.queries';

/** Admin › Email templates: each customer notice in Italian and English, built-in or customized. */
export function EmailTemplatesPage() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const templates = useEmailTemplates();
  const [editing, setEditing] = useState<EmailTemplate | null>(null);

  return (
    <>
      <PageHeader title={t('emailTemplates.title')} description={t('emailTemplates.description')} />
      <ApiErrorAlert error={templates.error} />
      {templates.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {templates.data && (
        <Paper withBorder>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('emailTemplates.notice')}</Table.Th>
                <Table.Th>{t('emailTemplates.language')}</Table.Th>
                <Table.Th>{t('emailTemplates.state')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data.items.map((template) => {
                const name = t(`emailTemplates.keys.${template.key}`);
                const language = t(`emailTemplates.languages.${template.language}`);
                return (
                  <Table.Tr key={`${template.key}/${template.language}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {template.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>{language}</Table.Td>
                    <Table.Td>
                      {template.customized ? (
                        <Badge color="indigo" variant="light">
                          {t('emailTemplates.customized', { date: format.dateTime(template.updatedAt!) })}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          {t('emailTemplates.builtIn')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconPencil size={14} />}
                        onClick={() => setEditing(template)}
                        aria-label={t('emailTemplates.editNamed', { name, language })}
                      >
                        {t('emailTemplates.edit')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {editing && (
        <EmailTemplateEditor
          key={`${editing.key}/${editing.language}/${editing.version}`}
          template={editing}
          onClose={() => setEditing(null)}
          onSaved={setEditing}
        />
      )}
    </>
  );
}
