import { useTranslation } from 'react-i18next';
import { CreatePageLayout, useCreateAndOpen } from '../../../shared/record-pages';
import { OrganizationForm } from './organization-form';
import { useCreateOrganization } from './organizations.queries';

/** Registers a customer organisation (workspace or Admin) and opens it. */
export function OrganizationCreatePage() {
  const { t } = useTranslation();
  const createOrganization = useCreateOrganization();
  const save = useCreateAndOpen(createOrganization, () => t('organizations.created'));
  return (
    <CreatePageLayout
      backLabel={t('organizations.backToList')}
      title={t('organizations.new')}
      error={createOrganization.error}
    >
      <OrganizationForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}
