import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Contact } from '../../../../../contracts/identity.contract';
import { useDateFormat } from '../../../i18n/format';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { channelLabel, languageLabel } from '../../../shared/option-lists';
import { QueryState } from '../../../shared/query-state';
import { EditPageLayout } from '../../../shared/record-pages';
import { ActiveBadge, PortalAccessBadge } from '../../../shared/status-badges';
import { useResourceEditor } from '../../../shared/use-resource-editor';
import { InvitationButton } from '../invitation-button';
import { ContactForm } from './contact-form';
import { useContact, useSendContactInvitation, useUpdateContact } from './contacts.queries';

/** One contact: edit, deactivate or reactivate, invite to the portal. */
export function ContactEditPage() {
  const { t } = useTranslation();
  const { contactId = '' } = useParams();
  const editor = useResourceEditor(useContact(contactId), useUpdateContact(contactId));
  const sendInvitation = useSendContactInvitation(contactId);
  const contact = editor.record;

  if (!contact) return <QueryState query={editor.query}>{() => null}</QueryState>;

  return (
    <EditPageLayout
      editor={editor}
      active={contact.active}
      backLabel={t('contacts.backToList')}
      title={contact.name}
      description={contact.emails.join(', ')}
      deactivateConfirm={{
        title: t('contacts.deactivateTitle', { name: contact.name }),
        message: t('contacts.deactivateMessage'),
      }}
      actions={
        contact.active && (
          <InvitationButton
            invitation={sendInvitation}
            label={contact.hasPassword ? t('contacts.sendPortalLinkAgain') : t('contacts.sendPortalInvitation')}
            sentMessage={t('contacts.invitationSent', { email: contact.emails[0] })}
          />
        )
      }
      summary={<ContactSummary contact={contact} />}
    >
      <ApiErrorAlert error={sendInvitation.error} />
      <ContactForm key={editor.formKey} mode="edit" contact={contact} onSave={editor.save} />
    </EditPageLayout>
  );
}

/** Status badges, then the effective language and channel, creation date and organisation. */
function ContactSummary({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  return (
    <>
      <Group gap="xs">
        <ActiveBadge active={contact.active} />
        <PortalAccessBadge hasPassword={contact.hasPassword} />
      </Group>
      <Text size="sm" c="dimmed">
        {t('contacts.summary', {
          language: languageLabel(contact.effectiveLanguage, t),
          channel: channelLabel(contact.effectiveChannel, t),
          created: format.dateTime(contact.createdAt),
        })}
        {contact.organizationId && (
          <>
            {' · '}
            <Anchor component={Link} to={`/agent/organizations/${contact.organizationId}`} size="sm">
              {contact.organizationName}
            </Anchor>
          </>
        )}
      </Text>
    </>
  );
}
