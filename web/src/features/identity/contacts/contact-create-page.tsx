import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../../shared/api-error-alert';
import { QueryState } from '../../../shared/query-state';
import { CreatePageLayout, useCreateAndOpen } from '../../../shared/record-pages';
import { useOrganization } from '../organizations/organizations.queries';
import { ContactForm } from './contact-form';
import { useCreateContact } from './contacts.queries';

/** Registers a contact; `?organizationId=` (from an organisation's page) preselects the organisation. */
export function ContactCreatePage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const organizationId = searchParams.get('organizationId');
  return (
    <CreatePageLayout backLabel={t('contacts.backToList')} title={t('contacts.new')}>
      {organizationId ? <WithOrganization organizationId={organizationId} /> : <CreateContact organization={null} />}
    </CreatePageLayout>
  );
}

function WithOrganization({ organizationId }: { organizationId: string }) {
  const organization = useOrganization(organizationId);
  return (
    <QueryState query={organization}>
      {(loaded) => <CreateContact organization={{ id: loaded.id, name: loaded.name }} />}
    </QueryState>
  );
}

function CreateContact({ organization }: { organization: { id: string; name: string } | null }) {
  const { t } = useTranslation();
  const createContact = useCreateContact();
  const save = useCreateAndOpen(createContact, (contact, body) =>
    body.sendInvitation ? t('contacts.createdInvited', { email: contact.emails[0] }) : t('contacts.created'),
  );
  return (
    <>
      <ApiErrorAlert error={createContact.error} />
      <ContactForm mode="create" organization={organization} onSave={save} />
    </>
  );
}
