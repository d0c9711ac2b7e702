import { useTranslation } from 'react-i18next';
import { CreatePageLayout, useCreateAndOpen } from '../../../shared/record-pages';
import { UserForm } from './user-form';
import { useCreateUser } from './users.queries';

/** Admin › Users › New: a staff account, invited by email unless the admin says otherwise. */
export function UserCreatePage() {
  const { t } = useTranslation();
  const createUser = useCreateUser();
  const save = useCreateAndOpen(createUser, (user, body) =>
    body.sendInvitation ? t('users.createdInvited', { email: user.email }) : t('users.created'),
  );
  return (
    <CreatePageLayout backLabel={t('users.backToList')} title={t('users.new')} error={createUser.error}>
      <UserForm mode="create" onSave={save} />
    </CreatePageLayout>
  );
}
